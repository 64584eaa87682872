# The commit detente is built from, for dt_build_commit(): git's
# abbreviated hash (plus "-dirty" for uncommitted changes) in a checkout;
# in a tarball made by `git archive`, cmake/commit.txt (export-subst puts
# the hash there); else "unknown". Sets DT_COMMIT unless the cache has it
# (cmake -DDT_COMMIT=... , as tools/deb-build does for its copy).
if(NOT DT_COMMIT)
  set(DT_COMMIT unknown)
  find_package(Git QUIET)
  if(GIT_FOUND AND EXISTS ${PROJECT_SOURCE_DIR}/.git)
    execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty
                            --abbrev=12 --match=NeVeRmAtCh
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        OUTPUT_VARIABLE dt_git_commit OUTPUT_STRIP_TRAILING_WHITESPACE
        RESULT_VARIABLE dt_git_rc ERROR_QUIET)
    if(dt_git_rc EQUAL 0 AND dt_git_commit)
      set(DT_COMMIT ${dt_git_commit})
      # Configure again when HEAD moves (logs/HEAD grows on each commit
      # and checkout of this worktree).
      execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --git-path logs/HEAD
          WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
          OUTPUT_VARIABLE dt_git_log OUTPUT_STRIP_TRAILING_WHITESPACE
          ERROR_QUIET)
      if(dt_git_log AND NOT IS_ABSOLUTE ${dt_git_log})
        set(dt_git_log ${PROJECT_SOURCE_DIR}/${dt_git_log})
      endif()
      if(dt_git_log AND EXISTS ${dt_git_log})
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
            ${dt_git_log})
      endif()
    endif()
  endif()
  if(DT_COMMIT STREQUAL "unknown" AND EXISTS ${PROJECT_SOURCE_DIR}/cmake/commit.txt)
    file(STRINGS ${PROJECT_SOURCE_DIR}/cmake/commit.txt dt_commit_txt LIMIT_COUNT 1)
    if(dt_commit_txt MATCHES "^[0-9a-f]+(-dirty)?$")
      set(DT_COMMIT ${dt_commit_txt})
    endif()
  endif()
endif()
