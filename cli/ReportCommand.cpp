// lockgraph report TRACE|DIR...: merges the runtime traces of any number of processes
// into one report, in any output format.
#include "Commands.h"
#include "Output.h"
#include "TraceInputs.h"

#include "lockgraph/RuntimeReport.h"
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
  TraceSymbolizer Symbolizer;
  RuntimeReport RR = buildRuntimeReport(In.Traces, Suppressions, Symbolizer,
                                        formatShowsGraph(A.Out.Format), A.Out.Contention,
                                        A.Suppressions);
  for (const std::string &W : RR.Warnings)
    llvm::errs() << "lockgraph: warning: " << W << "\n";
  RR.R.BaseDir = A.Out.BaseDir;
  RR.R.Errors = std::move(In.Errors);
  return finishReport(RR.R, A.Out);
}

} // namespace lockgraph
