# Fuzz harnesses (tests/fuzz/, docs/testing.md), one per parser. With
# DT_FUZZ=ON (clang; `make fuzz`) they are libFuzzer targets and the
# whole build is instrumented for coverage with ASan and UBSan; otherwise
# each is linked with driver.c (a main() that runs the harness once per
# file) and ctest fuzz_replay_NAME replays its corpus, so `make sanitize`
# (gcc, ASan+UBSan) checks every corpus input on every run.
set(DT_FUZZ_DIR ${PROJECT_SOURCE_DIR}/tests/fuzz)
set(DT_FUZZ_NAMES yaml csv table_csv ktab_csv ktab_xml deu efg ckpt serve
    estimates seal)
foreach(name ${DT_FUZZ_NAMES})
  set(tgt fuzz_${name})
  if(DT_FUZZ)
    add_executable(${tgt} ${DT_FUZZ_DIR}/${tgt}.c)
    target_link_options(${tgt} PRIVATE -fsanitize=fuzzer)
  else()
    add_executable(${tgt} ${DT_FUZZ_DIR}/${tgt}.c ${DT_FUZZ_DIR}/driver.c)
  endif()
  target_include_directories(${tgt} PRIVATE ${DT_FUZZ_DIR})
  target_link_libraries(${tgt} PRIVATE detente_report_static detente_static)
  if(NOT DT_FUZZ)
    add_test(NAME fuzz_replay_${name}
        COMMAND ${tgt} ${DT_FUZZ_DIR}/corpus/${name})
    set_tests_properties(fuzz_replay_${name} PROPERTIES TIMEOUT 300
        LABELS fuzz)
  endif()
endforeach()
# The checkpoint reader lives in the CLI: linked in, with what it calls.
target_sources(fuzz_ckpt PRIVATE ${PROJECT_SOURCE_DIR}/src/cli/sweep_ckpt.c
    ${PROJECT_SOURCE_DIR}/src/cli/util.c)
target_include_directories(fuzz_ckpt PRIVATE ${PROJECT_SOURCE_DIR}/src/cli)
target_compile_definitions(fuzz_ckpt PRIVATE
    DT_FUZZ_SCENARIO="${PROJECT_SOURCE_DIR}/scenarios/hanoi-2019.yaml")
# Estimates files are read for a scenario: Anchorage.
target_compile_definitions(fuzz_estimates PRIVATE
    DT_FUZZ_SCENARIO="${PROJECT_SOURCE_DIR}/scenarios/anchorage-2025.yaml")
# The server: its sources and the embedded page, serving scenarios/.
target_sources(fuzz_serve PRIVATE ${DT_SERVE_SOURCES}
    ${CMAKE_BINARY_DIR}/serve_www.c)
target_include_directories(fuzz_serve PRIVATE ${PROJECT_SOURCE_DIR}/src/serve)
target_link_libraries(fuzz_serve PRIVATE PkgConfig::MHD)
target_compile_definitions(fuzz_serve PRIVATE
    DT_FUZZ_DIR="${PROJECT_SOURCE_DIR}/scenarios")
add_custom_target(fuzz_all DEPENDS fuzz_yaml fuzz_csv fuzz_table_csv fuzz_ktab_csv
    fuzz_ktab_xml fuzz_deu fuzz_efg fuzz_ckpt fuzz_serve fuzz_estimates
    fuzz_seal)
