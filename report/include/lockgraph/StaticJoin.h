// `lockgraph report --static CHECK.json TRACES...`: the static findings of a
// `check --format json` report joined with what the runtime saw. A static lock-order
// cycle whose edges were all taken at run time (their acquisition sites matched by
// file and line through the symbolized stacks) is confirmed at run time; one that the
// runtime reported too is one finding with both detectors; and the static edges no
// run took are listed, so a reviewer sees what the tests never exercise. A finding of
// another rule that both halves report in the same function of the same file (a busy
// wait, a double lock) is one finding with both detectors too.
#pragma once

#include "lockgraph/Finding.h"

#include "llvm/Support/Error.h"

#include <vector>

namespace lockgraph {

// The findings of a lockgraph JSON report (docs/json-format.md).
llvm::Expected<std::vector<Finding>> readReportFindings(llvm::StringRef Path);

// Whether a site the static analysis names (file relative to its base dir, or
// absolute) is the runtime's (an absolute, symbolized file): same line, and the
// static path's components end the runtime path.
bool sameSite(const SourceLocation &Static, const SourceLocation &Runtime);

// Joins Static into Runtime, whose Graph must hold every edge the traces recorded.
// Fills Runtime.Coverage.
void joinStaticFindings(Report &Runtime, std::vector<Finding> Static);

} // namespace lockgraph
