# Golden outputs (tests/golden/golden.sh): one ctest test per line of
# tests/golden/cases, comparing what the built tool prints with the files
# in tests/golden/out. tools/update-golden regenerates them.
find_program(DT_BASH_GOLDEN bash)
if(NOT DT_BASH_GOLDEN)
  message(STATUS "bash not found: golden tests disabled")
  return()
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/tests/golden/cases)
file(STRINGS ${PROJECT_SOURCE_DIR}/tests/golden/cases DT_GOLDEN_LINES
    REGEX "^[A-Za-z0-9]")
foreach(line ${DT_GOLDEN_LINES})
  string(REGEX MATCH "^[A-Za-z0-9_-]+" name "${line}")
  add_test(NAME golden_${name}
      COMMAND ${DT_BASH_GOLDEN} ${PROJECT_SOURCE_DIR}/tests/golden/golden.sh
              check $<TARGET_FILE:detente> ${PROJECT_SOURCE_DIR} ${name})
  set_tests_properties(golden_${name} PROPERTIES TIMEOUT 300 LABELS "golden")
endforeach()
