# Shipping (docs/install.md): install into a scratch DESTDIR and use
# the installed files (install_tree); the checked-in detente-scenario(5)
# is current with docs/scenario-format.md (man_scenario_current).
if(DT_SANITIZE OR DT_TSAN)
  set(DT_SHIP_SAN ON)
else()
  set(DT_SHIP_SAN OFF)
endif()
add_test(NAME install_tree
    COMMAND sh ${PROJECT_SOURCE_DIR}/tests/ship/install_check.sh
            ${CMAKE_BINARY_DIR} ${PROJECT_SOURCE_DIR} ${CMAKE_INSTALL_PREFIX}
            ${CMAKE_INSTALL_FULL_LIBDIR} ${CMAKE_C_COMPILER} ${DT_SHIP_SAN})
set_tests_properties(install_tree PROPERTIES SKIP_RETURN_CODE 77
    TIMEOUT 300 LABELS install RUN_SERIAL ON)
if(EXISTS /usr/bin/python3)
  set(DT_SHIP_PYTHON3 /usr/bin/python3) # Debian's, as the other tests
else()
  find_program(DT_SHIP_PYTHON3 python3)
endif()
if(DT_SHIP_PYTHON3)
  add_test(NAME man_scenario_current
      COMMAND sh -c "\"$0\" \"$1/tools/md2man\" \"$1/docs/scenario-format.md\" detente-scenario 5 'the scenario file format of detente' | cmp - \"$1/docs/man/detente-scenario.5\" || { echo 'docs/man/detente-scenario.5 is out of date: run tools/md2man as docs/man/README.md says'; exit 1; }"
              ${DT_SHIP_PYTHON3} ${PROJECT_SOURCE_DIR})
  set_tests_properties(man_scenario_current PROPERTIES LABELS lint)
endif()
add_test(NAME commit_from_tarball
    COMMAND ${CMAKE_COMMAND} -DSRC=${PROJECT_SOURCE_DIR}
            -DWORK=${CMAKE_BINARY_DIR}/commit-check
            -P ${PROJECT_SOURCE_DIR}/tests/ship/commit_check.cmake)
# The Debian packages (tools/deb-check: dpkg-buildpackage out of tree,
# lintian, dpkg-deb -x into a scratch root, check_root.sh on it): a few
# minutes, labelled deb (ctest -LE deb leaves it out), skipped (77) in
# sanitizer builds, which would only build the same packages again, and
# without debhelper.
add_test(NAME package_deb
    COMMAND sh -c "[ \"$2\" = OFF ] || { echo 'skipped in sanitizer builds'; exit 77; }; exec \"$0\" \"$1\""
            ${PROJECT_SOURCE_DIR}/tools/deb-check ${CMAKE_BINARY_DIR}/deb
            ${DT_SHIP_SAN})
set_tests_properties(package_deb PROPERTIES SKIP_RETURN_CODE 77
    TIMEOUT 1200 LABELS deb)
