// lockgraph report TRACE|DIR...: merges the runtime traces of any number of processes
// into one report, in any output format.
#include "Commands.h"
#include "Output.h"
#include "TraceInputs.h"

#include "lockgraph/RuntimeReport.h"
#include "lockgraph/StaticJoin.h"
#include "lockgraph/TraceSymbolizer.h"

#include "llvm/Support/raw_ostream.h"


namespace lockgraph {

int runReport(const ReportArgs &A) {
  if (A.Inputs.empty()) {
    llvm::errs() << "lockgraph: error: report needs trace files or directories: "
                    "lockgraph report TRACE|DIR...\n";
    return ExitUsage;
  }
  SuppressionList Suppressions;
  if (!loadSuppressions(A.Suppressions, Suppressions))
    return ExitUsage;
  TraceInputs In = loadTraces(A.Inputs);
  if (In.Traces.empty()) {
    llvm::errs() << "lockgraph: error: no readable trace among " << In.Files << " file(s)\n";
    return ExitUsage;
  }
  std::vector<Finding> Static;
  if (!A.Static.empty()) {
    llvm::Expected<std::vector<Finding>> S = readReportFindings(A.Static);
    if (!S) {
      llvm::errs() << "lockgraph: error: --static: " << llvm::toString(S.takeError()) << "\n";
      return ExitUsage;
    }
    Static = std::move(*S);
  }
  TraceSymbolizer Symbolizer;
  // Joining needs every edge the runs took, whatever the format shows.
  RuntimeReport RR = buildRuntimeReport(In.Traces, Suppressions, Symbolizer,
                                        formatShowsGraph(A.Out.Format) || !A.Static.empty(),
                                        A.Out.Contention, A.Suppressions);
  if (!A.Static.empty()) {
    joinStaticFindings(RR.R, std::move(Static));
    if (!formatShowsGraph(A.Out.Format))
      RR.R.Graph.clear();
  }
  for (const std::string &W : RR.Warnings)
    llvm::errs() << "lockgraph: warning: " << W << "\n";
  RR.R.BaseDir = A.Out.BaseDir;
  RR.R.Errors = std::move(In.Errors);
  return finishReport(RR.R, A.Out);
}

} // namespace lockgraph
