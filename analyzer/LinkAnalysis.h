// The whole-program lockset analysis run at link time.
//
// 1. Bottom-up over the call graph's strongly connected components (callees first,
//    Boost.Graph), each function's lockset dataflow is run to a fixpoint and summarized:
//    which locks it acquires (and what it holds meanwhile), which it returns holding
//    (lock wrappers), which of its caller's locks it releases (unlock wrappers), and
//    the order edges it forms between locks named through its parameters. A component
//    is iterated until its summaries stop growing, so recursion converges.
// 2. Every function is walked once more with the final summaries to record
//    observations: order edges, double locks, leaks, bad unlocks.
// 3. Top-down, the locks every caller holds around a function (its calling-context
//    gates) are added to the gates of the edges it formed.
#pragma once

#include "Observations.h"
#include "Program.h"

namespace lockgraph {

struct LinkLimits {
  size_t MaxSummaryAcquires = 256; // per function, distinct locks
  size_t MaxSummaryEdges = 256;    // per function, distinct symbolic edges
  size_t MaxChain = 8;             // call steps kept per edge
  unsigned MaxComponentRounds = 16;
};

// A shared location's program-wide identity, as AccessObservation::Location names it:
// a global's path, or its record field when reached through a parameter, `this` or a
// pointer; "" when nothing names it (`*arg`, an int behind a void *).
std::string dataLocationOf(const LockRef &L);

Observations analyzeProgram(Program &P, const LinkLimits &Limits = {});

} // namespace lockgraph
