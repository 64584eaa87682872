# Install rules of detente (included at the end of CMakeLists.txt).
include(GNUInstallDirs)

install(TARGETS detente RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS detente_shared detente_report_shared detente_static
    detente_report_static
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/detente
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")

# pkg-config: libdetente (the headers name no dependency's types, so its
# dependencies are private: needed only with --static) and
# libdetente-report (<detente/chart.h> includes <cairo.h>: cairo is
# public).
if(IS_ABSOLUTE ${CMAKE_INSTALL_LIBDIR})
  set(DT_PC_LIBDIR ${CMAKE_INSTALL_LIBDIR})
else()
  set(DT_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE ${CMAKE_INSTALL_INCLUDEDIR})
  set(DT_PC_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR})
else()
  set(DT_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
get_filename_component(DT_GLPK_LIBDIR ${GLPK_LIBRARY} DIRECTORY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/libdetente.pc.in
    ${CMAKE_BINARY_DIR}/libdetente.pc @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/cmake/libdetente-report.pc.in
    ${CMAKE_BINARY_DIR}/libdetente-report.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/libdetente.pc
    ${CMAKE_BINARY_DIR}/libdetente-report.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Man pages: detente(1) from docs/man/detente.1.in with each command's
# --help and the exit codes of `detente --help` filled in by the built
# tool (so the page cannot drift from the tool); detente-scenario(5)
# converted from docs/scenario-format.md by tools/md2man (checked in,
# test man_scenario_current).
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/detente.1
    COMMAND ${CMAKE_COMMAND} -DDETENTE=$<TARGET_FILE:detente>
            -DIN=${PROJECT_SOURCE_DIR}/docs/man/detente.1.in
            -DOUT=${CMAKE_BINARY_DIR}/man/detente.1
            -DVERSION=${PROJECT_VERSION}
            -P ${PROJECT_SOURCE_DIR}/cmake/man1.cmake
    DEPENDS detente ${PROJECT_SOURCE_DIR}/docs/man/detente.1.in
            ${PROJECT_SOURCE_DIR}/cmake/man1.cmake
    COMMENT "Writing detente(1) from each command's --help")
add_custom_target(man ALL DEPENDS ${CMAKE_BINARY_DIR}/man/detente.1)
install(FILES ${CMAKE_BINARY_DIR}/man/detente.1
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/detente-scenario.5
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)

# bash completion, where bash-completion looks for it under the prefix.
install(FILES ${PROJECT_SOURCE_DIR}/tools/completion/detente.bash
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
    RENAME detente)

# The shipped scenarios and the game trees, as examples.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/
    DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/tests/game/centipede.efg
    ${PROJECT_SOURCE_DIR}/tests/game/entry.efg
    ${PROJECT_SOURCE_DIR}/tests/game/ultimatum.efg
    ${PROJECT_SOURCE_DIR}/tests/game/sequence-example.yaml
    DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/games)

# `make uninstall` (cmake --build BUILD --target uninstall): removes
# every file of the last install (install_manifest.txt), honouring
# DESTDIR, then the directories detente alone owns when empty.
add_custom_target(uninstall
    COMMAND ${CMAKE_COMMAND} -DMANIFEST=${CMAKE_BINARY_DIR}/install_manifest.txt
            "-DDIRS=${CMAKE_INSTALL_FULL_INCLUDEDIR}/detente|${CMAKE_INSTALL_FULL_DOCDIR}/examples/games|${CMAKE_INSTALL_FULL_DOCDIR}/examples|${CMAKE_INSTALL_FULL_DOCDIR}"
            -P ${PROJECT_SOURCE_DIR}/cmake/uninstall.cmake VERBATIM)

if(DT_BUILD_TESTS)
  include(${PROJECT_SOURCE_DIR}/tests/ship/ship_tests.cmake)
  include(${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz.cmake)
endif()
