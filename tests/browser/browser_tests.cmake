# Browser test of reports (tests/browser/browser_test.sh): headless
# Chromium renders a report's index.html; skipped (exit 77) only when
# Chromium is not installed. png_check measures the screenshot with cairo.
find_program(DT_BASH_BROWSER bash)
if(NOT DT_BASH_BROWSER)
  message(STATUS "bash not found: browser test disabled")
  return()
endif()
add_executable(png_check ${PROJECT_SOURCE_DIR}/tests/browser/png_check.c)
target_link_libraries(png_check PRIVATE PkgConfig::CAIRO)
add_test(NAME browser_report
    COMMAND ${DT_BASH_BROWSER} ${PROJECT_SOURCE_DIR}/tests/browser/browser_test.sh
            $<TARGET_FILE:detente> $<TARGET_FILE:png_check> ${PROJECT_SOURCE_DIR})
set_tests_properties(browser_report PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77
    LABELS "browser")
# Under ASan: pango and fontconfig keep process-wide caches (lsan.supp).
set_tests_properties(browser_report unit_test_report PROPERTIES ENVIRONMENT
    "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/browser/lsan.supp")
