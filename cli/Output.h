// What check and link share once they have a report: severities from the catalogue,
// the baseline, the chosen format, the summary line and the exit code.
#pragma once

#include "Commands.h"

#include "lockgraph/Finding.h"

namespace lockgraph {

int finishReport(Report &R, const OutputArgs &A);

} // namespace lockgraph
