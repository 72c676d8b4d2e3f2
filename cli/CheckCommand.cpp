#include "Commands.h"
#include "Output.h"

#include "ApiModel.h"
#include "StaticReport.h"
#include "TranslationUnits.h"

#include "lockgraph/RuleCatalog.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace lockgraph {

int runCheck(const CheckArgs &A) {
  std::string RulesDir =
      A.Out.RulesDir.empty() ? findRulesDirectory(A.Out.Argv0.c_str()) : A.Out.RulesDir;
  ApiModel Api;
  llvm::SmallString<256> ApiDir(RulesDir);
  llvm::sys::path::append(ApiDir, "apis");
  if (llvm::Error E = Api.loadDirectory(ApiDir)) {
    llvm::errs() << "lockgraph: error: " << llvm::toString(std::move(E)) << "\n";
    return ExitUsage;
  }
  for (const std::string &F : A.ApiFiles)
    if (llvm::Error E = Api.loadFile(F)) {
      llvm::errs() << "lockgraph: error: " << llvm::toString(std::move(E)) << "\n";
      return ExitUsage;
    }

  AnalyzeOptions Opts;
  Opts.BuildPath = A.BuildPath;
  Opts.Sources = A.Sources;
  Opts.ExtraFlags = A.CompilerFlags;
  Opts.HasFixedFlags = A.HasCompilerFlags;
  Opts.Jobs = A.Jobs;
  Opts.Exclude = A.Exclude;
  Opts.FactsDir = A.FactsDir;
  Opts.ResourceDir = A.ResourceDir;
  Opts.Progress = A.Quiet ? ProgressStyle::None
                 : llvm::sys::Process::StandardErrIsDisplayed() ? ProgressStyle::Terminal
                                                                : ProgressStyle::Log;
  if (!A.Shard.empty() && !parseShard(A.Shard, Opts.ShardIndex, Opts.ShardCount)) {
    llvm::errs() << "lockgraph: error: --shard takes I/N with 1 <= I <= N, not '" << A.Shard
                 << "'\n";
    return ExitUsage;
  }
  if (A.NoLink && A.FactsDir.empty()) {
    llvm::errs() << "lockgraph: error: --no-link needs --facts-dir to keep the facts\n";
    return ExitUsage;
  }

  AnalyzeResult Result = analyzeTranslationUnits(Opts, Api);
  for (const std::string &N : Result.Notes)
    llvm::errs() << "lockgraph: note: " << N << "\n";
  for (const std::string &E : Result.Errors)
    llvm::errs() << "lockgraph: error: " << E << "\n";
  if (Result.Fatal)
    return ExitUsage;
  llvm::errs() << "lockgraph: analyzed " << Result.Analyzed << " of " << Result.Total
               << " translation units";
  if (Result.Reused)
    llvm::errs() << " (" << Result.Reused << " reused from " << A.FactsDir << ")";
  llvm::errs() << "\n";
  if (Result.Fatal || (Result.Analyzed == 0 && Result.Total > 0))
    return ExitUsage;
  if (A.NoLink)
    return ExitClean;

  CheckOptions Checks;
  Checks.IncludeMay = A.Out.IncludeMay;
  Checks.IndirectCalls = A.Out.IndirectCalls;
  Checks.GuardShare = A.Out.GuardShare;
  Checks.WriteWeight = A.Out.GuardWriteWeight;
  Checks.BaseDir = A.Out.BaseDir;
  Report R = buildStaticReport(std::move(Result.Facts), Checks);
  R.TranslationUnits = Result.Total;
  R.Analyzed = Result.Analyzed;
  R.Errors = Result.Errors;
  R.BaseDir = A.Out.BaseDir;
  return finishReport(R, A.Out);
}

} // namespace lockgraph
