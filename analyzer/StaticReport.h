// From merged facts to a report: link analysis, every static check, suppressions,
// a deterministic order.
#pragma once

#include "Facts.h"
#include "checks/Check.h"

#include "lockgraph/Finding.h"

namespace lockgraph {

Report buildStaticReport(std::vector<TranslationUnitFacts> Facts, const CheckOptions &Opts);

} // namespace lockgraph
