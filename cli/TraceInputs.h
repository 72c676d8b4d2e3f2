// What `report` and `run` share before writing: finding the trace files, reading them
// (one stderr line per unusable or damaged one) and reading a suppressions file.
#pragma once

#include "lockgraph/Trace.h"
#include "lockgraph/TraceSuppressions.h"

#include <string>
#include <vector>

namespace lockgraph {

struct TraceInputs {
  std::vector<trace::Trace> Traces;
  std::vector<std::string> Errors; // inputs that could not be used, or only in part
  size_t Files = 0;                // trace files found
};

// Each input is a trace file or a directory, whose `*.trace` files are read in name
// order. Problems are printed to stderr as they are found, one line each.
TraceInputs loadTraces(const std::vector<std::string> &Inputs);

// The `*.trace` files in Dir, in name order (empty when it cannot be read).
std::vector<std::string> traceFilesIn(const std::string &Dir);

// Reads Path into List; prints one error line and returns false when it is unusable.
bool loadSuppressions(const std::string &Path, SuppressionList &List);

} // namespace lockgraph
