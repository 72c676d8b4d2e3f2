#include "Output.h"
#include "Version.h"

#include "lockgraph/Baseline.h"
#include "lockgraph/RuleCatalog.h"
#include "lockgraph/Writers.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <sys/stat.h>
#include <unistd.h>

namespace lockgraph {

namespace {
bool sameFile(int A, int B) {
  struct stat SA, SB;
  return fstat(A, &SA) == 0 && fstat(B, &SB) == 0 && SA.st_dev == SB.st_dev &&
         SA.st_ino == SB.st_ino;
}
} // namespace

int finishReport(Report &R, const OutputArgs &A) { return finishReport(R, A, llvm::outs()); }

int finishReport(Report &R, const OutputArgs &A, llvm::raw_ostream &DefaultOut) {
  R.ToolVersion = LOCKGRAPH_VERSION;
  R.CommandLine = A.CommandLine;
  std::string RulesDir = A.RulesDir.empty() ? findRulesDirectory(A.Argv0.c_str()) : A.RulesDir;
  auto Catalog = RuleCatalog::loadFromDirectory(RulesDir);
  if (!Catalog) {
    llvm::errs() << "lockgraph: error: " << llvm::toString(Catalog.takeError()) << "\n";
    return ExitUsage;
  }
  for (Finding &F : R.Findings)
    if (const RuleInfo *Rule = Catalog->find(F.RuleId))
      F.Level = Rule->DefaultSeverity;

  if (!A.Baseline.empty()) {
    auto Prints = readBaseline(A.Baseline);
    if (!Prints) {
      llvm::errs() << "lockgraph: error: " << llvm::toString(Prints.takeError()) << "\n";
      return ExitUsage;
    }
    applyBaseline(R, *Prints);
  }
  if (!A.WriteBaseline.empty())
    if (llvm::Error E = writeBaseline(A.WriteBaseline, R)) {
      llvm::errs() << "lockgraph: error: " << llvm::toString(std::move(E)) << "\n";
      return ExitUsage;
    }

  OutputFormat Format;
  parseOutputFormat(A.Format, Format); // validated by the caller
  // Every command prints its input errors on stderr as it meets them: a text report
  // that goes there too (run's), or to a stdout merged into it (a CI log), would
  // print them twice.
  if (A.OutputFile.empty() || A.OutputFile == "-")
    R.ErrorsShown = &DefaultOut == &llvm::errs() || sameFile(STDOUT_FILENO, STDERR_FILENO);
  if (A.OutputFile.empty() || A.OutputFile == "-") {
    writeReport(DefaultOut, R, *Catalog, Format);
    DefaultOut.flush();
  } else {
    std::error_code EC;
    llvm::raw_fd_ostream OS(A.OutputFile, EC, llvm::sys::fs::OF_Text);
    if (EC) {
      llvm::errs() << "lockgraph: error: cannot write '" << A.OutputFile << "': "
                   << EC.message() << "\n";
      return ExitUsage;
    }
    writeReport(OS, R, *Catalog, Format);
  }

  Severity Threshold = Severity::Warning;
  parseSeverity(A.FailOn, Threshold);
  bool Failing = false;
  for (const Finding &F : R.Findings)
    Failing |= F.Level >= Threshold;
  return Failing ? ExitFindings : ExitClean;
}

} // namespace lockgraph
