// What check and link share once they have a report: severities from the catalogue,
// the baseline, the chosen format, the summary line and the exit code.
#pragma once

#include "Commands.h"

#include "lockgraph/Finding.h"

#include "llvm/Support/raw_ostream.h"

namespace lockgraph {

int finishReport(Report &R, const OutputArgs &A);
// The same, writing to DefaultOut instead of stdout when no -o FILE was given (run
// prints its report to stderr, next to the program's own output).
int finishReport(Report &R, const OutputArgs &A, llvm::raw_ostream &DefaultOut);

} // namespace lockgraph
