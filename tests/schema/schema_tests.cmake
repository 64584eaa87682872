# JSON schema tests (docs/json-schema.md, docs/schema/*.schema.json):
#   schema_checker            the checker is there (Debian's python3 with
#                             python3-jsonschema) and every schema file is
#                             a valid Draft 2020-12 schema
#   schema_golden_CASE        every golden JSON output (tests/golden/cases
#                             with --format json) against its command's schema
#   schema_run_NAME           fresh runs of tests/schema/cases
#   schema_negative_KIND      broken copies of a golden document must fail
# The checker runs with Debian's /usr/bin/python3, not the first python3 on
# PATH (another one may shadow it and lack Debian's modules). `make test`
# installs python3-jsonschema (tools/install-deps test); without it these
# tests fail, they are never skipped.
set(DT_SCHEMA_PYTHON /usr/bin/python3 CACHE FILEPATH
    "Debian's python3, with python3-jsonschema, for the JSON schema tests")
find_program(DT_BASH_SCHEMA bash REQUIRED)
set(DT_SCHEMA_DIR ${PROJECT_SOURCE_DIR}/docs/schema)
set(DT_SCHEMA_VALIDATE ${PROJECT_SOURCE_DIR}/tests/schema/validate.py)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/tests/schema/cases
    ${PROJECT_SOURCE_DIR}/tests/golden/cases)

execute_process(
    COMMAND ${DT_SCHEMA_PYTHON} -c
            "import jsonschema; jsonschema.Draft202012Validator"
    RESULT_VARIABLE dt_schema_rc OUTPUT_QUIET ERROR_QUIET)
if(NOT dt_schema_rc EQUAL 0)
  message(WARNING "${DT_SCHEMA_PYTHON} cannot import jsonschema with "
          "Draft 2020-12: the schema tests will FAIL. Install Debian's "
          "python3-jsonschema (tools/install-deps test, or make test).")
endif()
add_test(NAME schema_checker
    COMMAND ${DT_SCHEMA_PYTHON} ${DT_SCHEMA_VALIDATE} --check-schemas
            ${DT_SCHEMA_DIR})
set_tests_properties(schema_checker PROPERTIES LABELS "schema")

# The schema each command's JSON follows.
set(DT_SCHEMA_OF_forecast forecast)
set(DT_SCHEMA_OF_analyze analysis)
set(DT_SCHEMA_OF_compare compare)
set(DT_SCHEMA_OF_sweep sweep)
set(DT_SCHEMA_OF_sequence sequence)
set(DT_SCHEMA_OF_game game)
set(DT_SCHEMA_OF_backtest backtest)
set(DT_SCHEMA_OF_vary vary)
set(DT_SCHEMA_OF_diff diff)
set(DT_SCHEMA_OF_reconcile reconcile)

# Golden outputs: a case with --format json pins its JSON in NAME.out
# (standard output, when not empty) and NAME.<file> for each .json file
# it writes.
file(STRINGS ${PROJECT_SOURCE_DIR}/tests/golden/cases dt_lines
    REGEX "^[A-Za-z0-9]")
foreach(line ${dt_lines})
  if(NOT line MATCHES "--format json")
    continue()
  endif()
  string(REPLACE "|" ";" fields "${line}")
  list(GET fields 0 name)
  list(GET fields 2 args)
  string(STRIP "${name}" name)
  string(STRIP "${args}" args)
  string(REGEX MATCH "^[a-z]+" cmd "${args}")
  if(NOT DEFINED DT_SCHEMA_OF_${cmd})
    message(SEND_ERROR "tests/golden/cases: ${name}: no JSON schema for "
            "command '${cmd}' (map it in tests/schema/schema_tests.cmake)")
    continue()
  endif()
  set(docs "")
  set(out ${PROJECT_SOURCE_DIR}/tests/golden/out/${name}.out)
  if(EXISTS ${out})
    file(SIZE ${out} size)
    if(size GREATER 0)
      list(APPEND docs ${out})
    endif()
  endif()
  list(LENGTH fields nf)
  if(nf GREATER 3)
    list(GET fields 3 written)
    string(STRIP "${written}" written)
    string(REPLACE " " ";" written "${written}")
    foreach(f ${written})
      get_filename_component(base ${f} NAME)
      if(base MATCHES "\\.json$")
        list(APPEND docs ${PROJECT_SOURCE_DIR}/tests/golden/out/${name}.${base})
      endif()
    endforeach()
  endif()
  if(NOT docs)
    message(SEND_ERROR "tests/golden/cases: ${name} asks for JSON but "
            "tests/golden/out holds none of it")
    continue()
  endif()
  add_test(NAME schema_golden_${name}
      COMMAND ${DT_SCHEMA_PYTHON} ${DT_SCHEMA_VALIDATE}
              ${DT_SCHEMA_DIR}/${DT_SCHEMA_OF_${cmd}}.schema.json ${docs})
  set_tests_properties(schema_golden_${name} PROPERTIES LABELS "schema")
  set(DT_SCHEMA_GOLDEN_SEEN_${DT_SCHEMA_OF_${cmd}} TRUE)
endforeach()

# Fresh runs (tests/schema/cases: NAME | SCHEMA | ARGS [| OUTPUT]).
file(STRINGS ${PROJECT_SOURCE_DIR}/tests/schema/cases dt_lines
    REGEX "^[A-Za-z0-9]")
foreach(line ${dt_lines})
  string(REPLACE "|" ";" fields "${line}")
  list(GET fields 0 name)
  list(GET fields 1 kind)
  list(GET fields 2 args)
  string(STRIP "${name}" name)
  string(STRIP "${kind}" kind)
  string(STRIP "${args}" args)
  separate_arguments(args UNIX_COMMAND "${args}")
  set(output -)
  list(LENGTH fields nf)
  if(nf GREATER 3)
    list(GET fields 3 output)
    string(STRIP "${output}" output)
  endif()
  add_test(NAME schema_run_${name}
      COMMAND ${DT_BASH_SCHEMA} ${PROJECT_SOURCE_DIR}/tests/schema/run.sh
              ${DT_SCHEMA_PYTHON} $<TARGET_FILE:detente> ${PROJECT_SOURCE_DIR}
              ${kind} ${output} ${args})
  set_tests_properties(schema_run_${name} PROPERTIES TIMEOUT 300
      LABELS "schema")
  set(DT_SCHEMA_RUN_SEEN_${kind} TRUE)
endforeach()

foreach(kind forecast analysis compare sweep sequence game backtest)
  if(NOT EXISTS ${DT_SCHEMA_DIR}/${kind}.schema.json)
    message(SEND_ERROR "docs/schema/${kind}.schema.json is missing")
  endif()
  if(NOT DT_SCHEMA_GOLDEN_SEEN_${kind} OR NOT DT_SCHEMA_RUN_SEEN_${kind})
    message(SEND_ERROR "schema '${kind}': no golden or no fresh run "
            "validates against it")
  endif()
endforeach()

# The validator bites: renamed, dropped and retyped keys, words outside
# an enum and unknown keys fail (tests/schema/negative.py).
function(dt_schema_negative kind golden)
  add_test(NAME schema_negative_${kind}
      COMMAND ${DT_SCHEMA_PYTHON} ${PROJECT_SOURCE_DIR}/tests/schema/negative.py
              ${DT_SCHEMA_DIR}/${kind}.schema.json
              ${PROJECT_SOURCE_DIR}/tests/golden/out/${golden}
              drop:schema "set:schema:\"detente-${kind}/2\"" add::unknown
              ${ARGN})
  set_tests_properties(schema_negative_${kind} PROPERTIES LABELS "schema")
endfunction()
dt_schema_negative(forecast fc-hanoi-json-traj.out
    rename:issues/0/models/eu/stop/reason:reasons
    string:issues/0/status_quo
    string:issues/0/models/eu/rounds/1/offers/0/from
    "set:issues/0/models/eu/stop/reason:\"stopped\""
    drop:issues/0/actors/0/salience
    add:issues/0/models/eu/forecast:modal)
dt_schema_negative(analysis an-anchorage-json.out
    rename:levers/0/result/zone/verdict:why
    string:durability
    "set:zone/status:\"open\""
    drop:stakeholders/usa/clout
    add:levers/0/result:extra)
dt_schema_negative(compare cmp-summits-json.out
    rename:scenarios/0/verdict:why
    string:scenarios/1/analysis/zone/surplus_without_red_lines
    rename:rows/0/label:text
    add:scenarios/0/analysis:extra)
dt_schema_negative(sweep sw-anchorage-drop.out
    rename:issues/0/forecast/mean/q50:median
    string:seed
    string:drop_each/0/ranking/0/mean_abs_shift
    "set:inputs/0/distribution:\"lognormal\""
    add:issues/0/forecast/mean:q99)
dt_schema_negative(sequence seq-example-json.out
    rename:plans/0/v_a:va
    string:ratification/p_best
    "set:plans/0/break_by:\"C\""
    drop:threats/0/x_max_by_o
    add:sweeps/0/points/0:extra)
dt_schema_negative(game game-entry-qre-json.out
    rename:outcomes/0/probability:p
    string:payoffs/0
    "set:solution:\"nash\""
    add:behaviour/0:tied)
dt_schema_negative(diff df-anchorage-json.out
    rename:moves/0/shares/0/effect:delta
    string:results_compared
    "set:inputs/0/how:\"changed\""
    drop:moves/0/rest
    add:analysed:third)
dt_schema_negative(backtest bt-deu-json.out
    rename:models/0/mae:mean_ae
    string:folds
    string:models/1/diff_vs_mean/estimate
    "set:models/0/name:\"oracle\""
    drop:models/0/fitted)
