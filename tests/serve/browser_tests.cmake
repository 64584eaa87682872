# Browser test of the workbench page (src/serve/www): headless Chromium
# driven by Selenium against `detente serve` on a copy of scenarios/
# (tests/serve/browser_test.py). Skipped (77) only when Chromium,
# chromedriver or python3-selenium is missing (tools/install-deps test
# installs them). DT_UPDATE_SCREENSHOT=1 in the environment also copies
# the 1280x800 screenshot to docs/img/workbench.png.
if(EXISTS /usr/bin/python3)
  add_test(NAME serve_browser
      COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tests/serve/browser_test.py
              $<TARGET_FILE:detente> ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR})
else()
  add_test(NAME serve_browser
      COMMAND sh -c "echo 'SKIP: /usr/bin/python3 is missing'; exit 77")
endif()
# Generous: the ASan build runs the server several times slower.
set_tests_properties(serve_browser PROPERTIES TIMEOUT 300
    SKIP_RETURN_CODE 77 LABELS "serve;browser"
    ENVIRONMENT "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/browser/lsan.supp")
