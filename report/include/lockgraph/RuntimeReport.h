// Runtime traces -> the shared finding model: one Finding per distinct runtime finding
// over all processes, symbolized, suppressed, with the merged lock-order graph.
//
// Identity across processes is the fingerprint: the rule id and the sorted set of
// (function, file basename) of the finding's key sites (for an inversion, where each
// edge's first lock was taken and where its second was requested). Addresses, pids,
// lock ids and line numbers do not enter it, so the same bug seen by many processes,
// builds or after code moved is one finding, with Count = the processes that saw it.
#pragma once

#include "lockgraph/Contention.h"
#include "lockgraph/Finding.h"
#include "lockgraph/Trace.h"
#include "lockgraph/TraceSuppressions.h"

#include <string>
#include <vector>

namespace lockgraph {

class TraceSymbolizer;

// What happened to one process's findings, for `lockgraph run`'s exit status.
struct ProcessOutcome {
  std::string Path;
  int64_t Pid = 0;
  unsigned Findings = 0;              // finding records in its trace
  unsigned Suppressed = 0;            // of those, dropped by a suppression
  const trace::End *Finish = nullptr; // points into the trace; null when it has none
};

struct RuntimeReport {
  Report R;
  std::vector<ProcessOutcome> Processes; // in the order of the traces given
  // Lines for stderr that are not errors of an input: modules whose file changed,
  // suppression files named in a trace header that could not be used.
  std::vector<std::string> Warnings;
};

// Contention: when a lock's waits make a `contention` note (the table has every
// contended lock). Suppressions (read from SuppressionsFile) applies to every trace;
// a trace whose header options name another suppressions file gets a warning: a
// trace is input, and the report opens no file it names. WithGraph: fill Report::Graph with every
// edge the traces recorded (the JSON and DOT outputs show it); without it only the
// findings' own edges are there, and a trace with no finding is not symbolized at all.
RuntimeReport buildRuntimeReport(const std::vector<trace::Trace> &Traces,
                                 const SuppressionList &Suppressions, TraceSymbolizer &Symbolizer,
                                 bool WithGraph, const ContentionOptions &Contention = {},
                                 const std::string &SuppressionsFile = "");
// Whether a report format shows the whole lock graph.
bool formatShowsGraph(const std::string &Format);

} // namespace lockgraph
