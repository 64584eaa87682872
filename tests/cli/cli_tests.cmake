# CLI tests, one ctest test per case, data-driven:
# - tests/cli/bad/<case>.expect with its input tests/cli/bad/<case>.<ext>
#   (when no input exists the case names a missing <case>.yaml: an I/O
#   error). Line 1 of the .expect is the exit code, each further line an
#   extended regex that a line of stderr must match.
# - tests/cli/good/<file>: must validate with exit 0 and nothing on stderr.
# tests/cli/expect.sh runs `detente validate` and does the checking.
find_program(DT_BASH bash)
if(NOT DT_BASH)
  message(STATUS "bash not found: CLI tests disabled")
  return()
endif()

set(DT_CLI_DIR ${PROJECT_SOURCE_DIR}/tests/cli)

file(GLOB DT_CLI_BAD CONFIGURE_DEPENDS ${DT_CLI_DIR}/bad/*.expect)
foreach(expect ${DT_CLI_BAD})
  get_filename_component(case ${expect} NAME_WE)
  file(GLOB inputs CONFIGURE_DEPENDS ${DT_CLI_DIR}/bad/${case}.*)
  list(REMOVE_ITEM inputs ${expect})
  list(LENGTH inputs n)
  if(n EQUAL 0)
    set(input ${DT_CLI_DIR}/bad/${case}.yaml)
  elseif(n EQUAL 1)
    set(input ${inputs})
  else()
    message(FATAL_ERROR "CLI case '${case}' has more than one input: ${inputs}")
  endif()
  add_test(NAME cli_bad_${case}
      COMMAND ${DT_BASH} ${DT_CLI_DIR}/expect.sh $<TARGET_FILE:detente>
              ${input} ${expect})
  set_tests_properties(cli_bad_${case} PROPERTIES TIMEOUT 30
      LABELS "cli;scenario")
endforeach()

file(GLOB DT_CLI_GOOD CONFIGURE_DEPENDS ${DT_CLI_DIR}/good/*)
foreach(input ${DT_CLI_GOOD})
  get_filename_component(case ${input} NAME_WE)
  add_test(NAME cli_good_${case}
      COMMAND ${DT_BASH} ${DT_CLI_DIR}/expect.sh $<TARGET_FILE:detente>
              ${input})
  set_tests_properties(cli_good_${case} PROPERTIES TIMEOUT 30
      LABELS "cli;scenario")
endforeach()

# The complete example in docs/scenario-format.md must be the file tested
# above: the block after the "<!-- example: ... -->" marker, fences cut.
add_test(NAME cli_good_doc_example_in_sync
    COMMAND ${DT_BASH} -c
        "sed -n '/^<!-- example: /,/^```$/p' \"$0\" | sed '1,2d;$d' | diff -u - \"$1\""
        ${PROJECT_SOURCE_DIR}/docs/scenario-format.md
        ${DT_CLI_DIR}/good/doc-example.yaml)
set_tests_properties(cli_good_doc_example_in_sync PROPERTIES TIMEOUT 30
    LABELS "cli;scenario")

# One check per command-line message (issue 15, item 7) and the synopses
# of `detente CMD --help` against README.md's command list.
add_test(NAME cli_messages
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/messages.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR})
add_test(NAME cli_help_sync
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/help_sync.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR}/README.md)
set_tests_properties(cli_messages cli_help_sync PROPERTIES TIMEOUT 60
    LABELS "cli")
# Every case of the case library (scenarios/cases, issue 16) validates,
# forecasts and analyzes, has a note on every number and records whether
# a deal was made; the glob runs at test time, so a new case is covered
# without editing this file. 15 = the cases of scenarios/cases/README.md.
add_test(NAME cases_run
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/cases_run.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR} 15)
set_tests_properties(cases_run PROPERTIES TIMEOUT 300 LABELS "cli;scenario")
# --lever and --set on forecast, analyze, sweep, plot and report.
add_test(NAME cli_whatif
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/whatif.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_whatif PROPERTIES TIMEOUT 120 LABELS "cli")
# The sweep's robustness columns and sweep --oat on a scenario worked out
# by hand (issue 15 item 5).
add_test(NAME cli_robust
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/robust.sh $<TARGET_FILE:detente>)
set_tests_properties(cli_robust PROPERTIES TIMEOUT 120 LABELS "cli")
# detente reconcile and sweep --estimates (docs/judgement.md).
add_test(NAME cli_reconcile
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/reconcile.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_reconcile PROPERTIES TIMEOUT 120 LABELS "cli")
# detente diff: two versions, inputs changed and results moved.
add_test(NAME cli_diff
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/diff.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_diff PROPERTIES TIMEOUT 120 LABELS "cli")
# detente export and the multi-issue CSV table: YAML -> CSV -> YAML round
# trips with each delimiter, the workbook read back with Debian's
# python3-openpyxl (skipped, exit 77, when it is missing), the messages.
add_test(NAME cli_export
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/export.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_export PROPERTIES TIMEOUT 120 LABELS "cli"
    SKIP_RETURN_CODE 77)
# detente seal, verify, resolve and score (docs/judgement.md).
add_test(NAME cli_seal
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/seal.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_seal PROPERTIES TIMEOUT 120 LABELS "cli")
# detente sweep --sobol (docs/sobol.md).
add_test(NAME cli_sobol
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/sobol.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_sobol PROPERTIES TIMEOUT 300 LABELS "cli")
# docs/claims.md is what tools/claims writes from the case backtest
# (issue 16, item 4): regenerated into the build directory and compared;
# after a change to scenarios/cases/ run tools/claims and commit the page.
add_test(NAME claims_current
    COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tools/claims
            --detente $<TARGET_FILE:detente>
            -o ${CMAKE_BINARY_DIR}/claims.md
            --check ${PROJECT_SOURCE_DIR}/docs/claims.md)
# The exact statistics of tools/claims against known values.
add_test(NAME claims_selftest
    COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/tools/claims --selftest)
set_tests_properties(claims_current claims_selftest PROPERTIES TIMEOUT 300
    LABELS "cli")
# forecast and analyze --phase all: every phase, each scored.
add_test(NAME cli_phases_all
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/phases_all.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_phases_all PROPERTIES TIMEOUT 120 LABELS "cli")
# The progress line of forecast, analyze and sweep on stderr: --progress,
# --quiet, off a terminal, stdout unchanged (issue 18 defect 12).
add_test(NAME cli_progress
    COMMAND ${DT_BASH} ${DT_CLI_DIR}/progress.sh $<TARGET_FILE:detente>
            ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_progress PROPERTIES TIMEOUT 120 LABELS "cli")
