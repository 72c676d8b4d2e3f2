# Helpers of find_package(lockgraph) (docs/ci.md, "CMake"):
#   lockgraph_preload_tests(TESTS <test>... [TRACE_DIR <dir>] [OPTIONS <key=value>...]
#                           [REPORT <format> [REPORT_OUTPUT <file>]])
#   lockgraph_check_target(<target> [COMPILE_COMMANDS <dir-or-file>] [FORMAT <format>]
#                          [OUTPUT <file>] [ARGS <argument>...])
# They use lockgraph::lockgraph and LOCKGRAPH_PRELOAD_LIBRARY, so they work where the
# results of find_package(lockgraph) are visible.

# Kept now: a function body runs where it is called, with the caller's
# CMAKE_CURRENT_LIST_DIR.
set(_LOCKGRAPH_FIXTURE_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/lockgraphTraceFixture.cmake")

# A function keeps the policies of where it was defined: if(TEST) needs CMP0064 even in
# a project that asks for an older CMake.
cmake_policy(PUSH)
cmake_policy(SET CMP0064 NEW)

# What both functions check first: the package is visible here, and the arguments
# cmake_parse_arguments left (prefix _lg) are all known and have their values. A macro:
# it reads the caller's _lg_* variables.
macro(_lockgraph_check_call caller)
  if(NOT TARGET lockgraph::lockgraph OR NOT LOCKGRAPH_PRELOAD_LIBRARY)
    message(FATAL_ERROR "${caller}: call find_package(lockgraph) in this directory or "
      "a parent first")
  endif()
  if(_lg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${caller}: unexpected arguments: ${_lg_UNPARSED_ARGUMENTS}")
  endif()
  if(_lg_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "${caller}: no value for ${_lg_KEYWORDS_MISSING_VALUES}")
  endif()
endmacro()

# Runs the tests with the runtime preloaded; each test process that takes a lock writes
# a trace into TRACE_DIR. REPORT adds a CTest fixture: before the first of these tests
# the trace files of earlier runs are removed, and after the last one the test
# `lockgraph-report` runs `lockgraph report` over TRACE_DIR and fails on findings.
function(lockgraph_preload_tests)
  cmake_parse_arguments(PARSE_ARGV 0 _lg "" "TRACE_DIR;REPORT;REPORT_OUTPUT" "TESTS;OPTIONS")
  _lockgraph_check_call(lockgraph_preload_tests)
  if(NOT _lg_TESTS)
    message(FATAL_ERROR "lockgraph_preload_tests: no TESTS given")
  endif()
  foreach(_test IN LISTS _lg_TESTS)
    # Test properties can only be set in the directory that added the test.
    if(NOT TEST "${_test}")
      message(FATAL_ERROR "lockgraph_preload_tests: no test '${_test}' in this directory "
        "(call it after add_test, in the same CMakeLists.txt)")
    endif()
  endforeach()
  if(NOT _lg_TRACE_DIR)
    set(_lg_TRACE_DIR "${CMAKE_BINARY_DIR}/lockgraph-traces")
  endif()
  get_filename_component(_lg_TRACE_DIR "${_lg_TRACE_DIR}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  # The runtime splits LOCKGRAPH_OPTIONS at ':', ',' and whitespace; the loader splits
  # LD_PRELOAD at ':' and whitespace.
  if(_lg_TRACE_DIR MATCHES "[:, \t\n]")
    message(FATAL_ERROR "lockgraph_preload_tests: TRACE_DIR '${_lg_TRACE_DIR}' cannot "
      "contain ':', ',' or spaces")
  endif()
  if(LOCKGRAPH_PRELOAD_LIBRARY MATCHES "[: \t\n]")
    message(FATAL_ERROR "lockgraph_preload_tests: LD_PRELOAD cannot hold "
      "'${LOCKGRAPH_PRELOAD_LIBRARY}' (':' or spaces in the path): install lockgraph "
      "elsewhere")
  endif()
  foreach(_option IN LISTS _lg_OPTIONS)
    if(NOT _option MATCHES "^[a-z_]+=")
      message(FATAL_ERROR "lockgraph_preload_tests: OPTIONS takes key=value pairs, "
        "not '${_option}'")
    elseif(_option MATCHES "^trace_dir=")
      message(FATAL_ERROR "lockgraph_preload_tests: give the trace directory as TRACE_DIR")
    endif()
  endforeach()
  # Ours last: a later pair wins, so a LOCKGRAPH_OPTIONS the user set cannot move the
  # traces away from the directory the report reads.
  string(JOIN ":" _lg_options ${_lg_OPTIONS} "trace_dir=${_lg_TRACE_DIR}")
  # The runtime creates only the last level of the directory.
  file(MAKE_DIRECTORY "${_lg_TRACE_DIR}")

  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.22 AND NOT _LOCKGRAPH_USE_ENVIRONMENT_PROPERTY)
    # Modifications apply on top of ENVIRONMENT and of the environment ctest runs in.
    set_property(TEST ${_lg_TESTS} APPEND PROPERTY ENVIRONMENT_MODIFICATION
      "LD_PRELOAD=path_list_prepend:${LOCKGRAPH_PRELOAD_LIBRARY}"
      "LOCKGRAPH_OPTIONS=string_append::${_lg_options}")
  else()
    # ENVIRONMENT replaces variables: merge with the values already set on the test
    # (those of the environment ctest runs in are replaced; docs/ci.md says so).
    # _LOCKGRAPH_USE_ENVIRONMENT_PROPERTY forces this path, for lockgraph's own test.
    foreach(_test IN LISTS _lg_TESTS)
      get_property(_env TEST "${_test}" PROPERTY ENVIRONMENT)
      set(_kept)
      set(_preload "${LOCKGRAPH_PRELOAD_LIBRARY}")
      set(_options "${_lg_options}")
      foreach(_var IN LISTS _env)
        if(_var MATCHES "^LD_PRELOAD=(.+)$")
          set(_preload "${LOCKGRAPH_PRELOAD_LIBRARY}:${CMAKE_MATCH_1}")
        elseif(_var MATCHES "^LOCKGRAPH_OPTIONS=(.+)$")
          set(_options "${CMAKE_MATCH_1}:${_lg_options}")
        else()
          list(APPEND _kept "${_var}")
        endif()
      endforeach()
      set_property(TEST "${_test}" PROPERTY ENVIRONMENT
        ${_kept} "LD_PRELOAD=${_preload}" "LOCKGRAPH_OPTIONS=${_options}")
    endforeach()
  endif()

  if(_lg_REPORT)
    _lockgraph_report_fixture("${_lg_TRACE_DIR}" "${_lg_REPORT}" "${_lg_REPORT_OUTPUT}")
    set_property(TEST ${_lg_TESTS} APPEND PROPERTY FIXTURES_REQUIRED lockgraph-traces)
  elseif(_lg_REPORT_OUTPUT)
    message(FATAL_ERROR "lockgraph_preload_tests: REPORT_OUTPUT needs REPORT")
  endif()
endfunction()

# One fixture per project (CTest fixture names are global): its setup and cleanup
# tests are added by the first call with REPORT; later calls join it.
function(_lockgraph_report_fixture trace_dir format output)
  get_property(_dir GLOBAL PROPERTY _LOCKGRAPH_REPORT_TRACE_DIR)
  if(_dir)
    if(NOT _dir STREQUAL trace_dir)
      message(FATAL_ERROR "lockgraph_preload_tests: REPORT with TRACE_DIR '${trace_dir}', "
        "but the report fixture already reads '${_dir}': use one TRACE_DIR with REPORT")
    endif()
    return()
  endif()
  set_property(GLOBAL PROPERTY _LOCKGRAPH_REPORT_TRACE_DIR "${trace_dir}")
  if(output)
    get_filename_component(output "${output}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  add_test(NAME lockgraph-clean-traces
    COMMAND "${CMAKE_COMMAND}" -DMODE=clean "-DTRACE_DIR=${trace_dir}"
      -P "${_LOCKGRAPH_FIXTURE_SCRIPT}")
  add_test(NAME lockgraph-report
    COMMAND "${CMAKE_COMMAND}" -DMODE=report "-DTRACE_DIR=${trace_dir}"
      "-DLOCKGRAPH=$<TARGET_FILE:lockgraph::lockgraph>" "-DFORMAT=${format}"
      "-DOUTPUT=${output}" "-DBASE_DIR=${CMAKE_SOURCE_DIR}"
      -P "${_LOCKGRAPH_FIXTURE_SCRIPT}")
  set_tests_properties(lockgraph-clean-traces PROPERTIES FIXTURES_SETUP lockgraph-traces)
  set_tests_properties(lockgraph-report PROPERTIES FIXTURES_CLEANUP lockgraph-traces)
endfunction()

# A target (not part of `all`) that runs `lockgraph check` over a compile database.
# Findings make the command, and so the build of the target, fail (exit code 1).
function(lockgraph_check_target name)
  cmake_parse_arguments(PARSE_ARGV 1 _lg "" "COMPILE_COMMANDS;FORMAT;OUTPUT" "ARGS")
  _lockgraph_check_call(lockgraph_check_target)
  if(NOT _lg_COMPILE_COMMANDS)
    set(_lg_COMPILE_COMMANDS "${CMAKE_BINARY_DIR}")
    if(NOT CMAKE_EXPORT_COMPILE_COMMANDS)
      message(WARNING "lockgraph_check_target(${name}): CMAKE_EXPORT_COMPILE_COMMANDS is "
        "off, so this build writes no compile_commands.json for `lockgraph check`: set it "
        "ON before the targets are added (Makefile and Ninja generators), or pass "
        "COMPILE_COMMANDS")
    endif()
  endif()
  get_filename_component(_db "${_lg_COMPILE_COMMANDS}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  if(NOT _lg_FORMAT)
    set(_lg_FORMAT text)
  endif()
  set(_command lockgraph::lockgraph check -p "${_db}" --base-dir "${CMAKE_SOURCE_DIR}"
    --format "${_lg_FORMAT}")
  set(_byproducts)
  if(_lg_OUTPUT)
    get_filename_component(_output "${_lg_OUTPUT}" ABSOLUTE
      BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND _command -o "${_output}")
    set(_byproducts BYPRODUCTS "${_output}")
  endif()
  # Run from the source tree, so relative paths in ARGS (a --baseline file) mean what
  # they mean on the command line at the top of the project.
  add_custom_target(${name}
    COMMAND ${_command} ${_lg_ARGS}
    ${_byproducts}
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
    COMMENT "lockgraph: checking ${_db} for concurrency bugs"
    USES_TERMINAL
    VERBATIM)
endfunction()

cmake_policy(POP)
