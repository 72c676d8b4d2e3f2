#include "StaticReport.h"

#include "LinkAnalysis.h"
#include "Program.h"

#include <algorithm>

namespace lockgraph {

Report buildStaticReport(std::vector<TranslationUnitFacts> Facts, const CheckOptions &Opts) {
  Program P(std::move(Facts));
  P.FollowIndirectCalls = Opts.IndirectCalls;
  Observations Obs = analyzeProgram(P);
  Report R;
  CheckContext Ctx(P, Obs, Opts, R);
  for (const StaticCheck &Check : staticChecks())
    Check.Run(Ctx);
  std::stable_sort(R.Findings.begin(), R.Findings.end(), [](const Finding &A, const Finding &B) {
    return std::tie(A.Primary.File, A.Primary.Line, A.Primary.Column, A.RuleId, A.Message) <
           std::tie(B.Primary.File, B.Primary.Line, B.Primary.Column, B.RuleId, B.Message);
  });
  return R;
}

} // namespace lockgraph
