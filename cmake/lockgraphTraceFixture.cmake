# The CTest fixture of lockgraph_preload_tests(... REPORT ...), run with cmake -P:
#   -DMODE=clean  -DTRACE_DIR=...   before the tests: drop the traces of earlier runs,
#                                   so that the report is about this run only
#   -DMODE=report -DTRACE_DIR=... -DLOCKGRAPH=... -DFORMAT=... [-DOUTPUT=...] -DBASE_DIR=...
#                                   after them: `lockgraph report`, failing on findings
cmake_minimum_required(VERSION 3.16)

if(MODE STREQUAL "clean")
  file(MAKE_DIRECTORY "${TRACE_DIR}")
  # Only what the runtime writes (lockgraph.<exe>.<pid>.trace): TRACE_DIR may be a
  # directory that holds other files too.
  file(GLOB _old "${TRACE_DIR}/lockgraph.*.trace")
  if(_old)
    file(REMOVE ${_old})
  endif()
  return()
endif()

if(NOT MODE STREQUAL "report")
  message(FATAL_ERROR "lockgraphTraceFixture.cmake: MODE must be clean or report")
endif()
# `lockgraph report` exits 2 when it has no trace to read, but tests whose processes
# took no lock write none, and that is not an error.
file(GLOB _traces "${TRACE_DIR}/*.trace")
if(NOT _traces)
  message("lockgraph: no trace in ${TRACE_DIR}: no preloaded test took a lock")
  return()
endif()
set(_command "${LOCKGRAPH}" report --format "${FORMAT}" --base-dir "${BASE_DIR}")
if(OUTPUT)
  list(APPEND _command -o "${OUTPUT}")
endif()
execute_process(COMMAND ${_command} "${TRACE_DIR}" RESULT_VARIABLE _status)
if(_status EQUAL 1)
  if(OUTPUT)
    message(FATAL_ERROR "lockgraph: the preloaded tests found concurrency bugs: see ${OUTPUT}")
  endif()
  message(FATAL_ERROR "lockgraph: the preloaded tests found the concurrency bugs above")
elseif(NOT _status EQUAL 0)
  message(FATAL_ERROR "lockgraph report failed (${_status})")
endif()
