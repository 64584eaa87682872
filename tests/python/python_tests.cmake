# The Python package (python/, docs/python.md): its pytest suite, run by
# tests/python/run.py against this build's libdetente and detente tool.
# Skipped (exit 77) in sanitizer builds and without cffi, numpy, pandas
# or pytest (Debian: python3-cffi python3-numpy python3-pandas
# python3-pytest, with python3-dev, libffi-dev, python3-setuptools,
# python3-pip and python3-venv for the install test).
if(EXISTS /usr/bin/python3)
  set(DT_PY_TESTS_PYTHON /usr/bin/python3)
else()
  find_program(DT_PY_TESTS_PYTHON python3)
endif()
if(DT_PY_TESTS_PYTHON)
  if(DT_SANITIZE OR DT_TSAN)
    set(DT_PY_TESTS_SAN ON)
  else()
    set(DT_PY_TESTS_SAN OFF)
  endif()
  add_test(NAME python_package
      COMMAND ${DT_PY_TESTS_PYTHON} ${PROJECT_SOURCE_DIR}/tests/python/run.py
              --source ${PROJECT_SOURCE_DIR} --build ${CMAKE_BINARY_DIR}
              --lib $<TARGET_FILE:detente_shared>
              --cli $<TARGET_FILE:detente>
              --sanitize ${DT_PY_TESTS_SAN})
  set_tests_properties(python_package PROPERTIES SKIP_RETURN_CODE 77
      TIMEOUT 900 LABELS python)
endif()
