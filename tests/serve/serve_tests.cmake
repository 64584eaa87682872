# Tests of `detente serve` (docs/serve.md). serve_api: every endpoint and
# every bad request against a server on a copy of scenarios/
# (tests/serve/api_test.py, Debian's python3, standard library only);
# serve_load_smoke: wrk for 3 s on two endpoints with 32 connections, no
# error and no non-2xx answer allowed, no timing judged (bench/serve-load).
if(EXISTS /usr/bin/python3)
  set(DT_SERVE_PYTHON /usr/bin/python3)
else()
  find_program(DT_SERVE_PYTHON python3)
endif()
if(DT_SANITIZE)
  set(DT_SERVE_ASAN --asan)
else()
  set(DT_SERVE_ASAN "")
endif()
if(DT_SERVE_PYTHON)
  add_test(NAME serve_api
      COMMAND ${DT_SERVE_PYTHON} ${PROJECT_SOURCE_DIR}/tests/serve/api_test.py
              $<TARGET_FILE:detente> ${PROJECT_SOURCE_DIR} ${DT_SERVE_ASAN})
  set_tests_properties(serve_api PROPERTIES TIMEOUT 600 LABELS serve)
else()
  add_test(NAME serve_api
      COMMAND sh -c "echo 'python3 is missing (tools/install-deps test installs it)' >&2; exit 1")
endif()
add_test(NAME serve_load_smoke
    COMMAND sh ${PROJECT_SOURCE_DIR}/bench/serve-load --smoke
            $<TARGET_FILE:detente>)
# wrk missing: skipped (77). Run alone: 32 connections take every core.
set_tests_properties(serve_load_smoke PROPERTIES TIMEOUT 120
    SKIP_RETURN_CODE 77 RUN_SERIAL TRUE LABELS serve)
# Under ASan: the charts' pango and fontconfig caches (tests/browser).
set_tests_properties(serve_api serve_load_smoke PROPERTIES ENVIRONMENT
    "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/browser/lsan.supp")
