#include "Commands.h"
#include "Output.h"

#include "Facts.h"
#include "StaticReport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <optional>

namespace lockgraph {

int runLink(const LinkArgs &A) {
  std::vector<TranslationUnitFacts> Facts;
  std::vector<std::string> Errors;
  unsigned Total = 0;
  for (const std::string &Dir : A.FactsDirs) {
    if (!llvm::sys::fs::is_directory(Dir)) {
      Errors.push_back(Dir + ": not a directory of facts");
      continue;
    }
    std::vector<std::string> Paths;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with(".facts.json"))
        Paths.push_back(It->path());
    if (EC)
      Errors.push_back(Dir + ": " + EC.message());
    std::sort(Paths.begin(), Paths.end());
    // Parsing dominates a link: read the files in parallel, keep their order.
    std::vector<std::optional<TranslationUnitFacts>> Read(Paths.size());
    std::vector<std::string> ReadErrors(Paths.size());
    {
      llvm::DefaultThreadPool Pool(llvm::hardware_concurrency());
      for (size_t I = 0; I < Paths.size(); ++I)
        Pool.async([&, I] {
          auto TU = readFactsFile(Paths[I]);
          if (TU)
            Read[I] = std::move(*TU);
          else
            ReadErrors[I] = llvm::toString(TU.takeError());
        });
      Pool.wait();
    }
    Total += Paths.size();
    for (size_t I = 0; I < Paths.size(); ++I) {
      if (Read[I])
        Facts.push_back(std::move(*Read[I]));
      else
        Errors.push_back(ReadErrors[I]);
    }
  }
  for (const std::string &E : Errors)
    llvm::errs() << "lockgraph: error: " << E << "\n";
  unsigned Loaded = Facts.size();
  llvm::errs() << "lockgraph: linked " << Loaded << " of " << Total
               << " translation units' facts\n";
  if (Loaded == 0)
    return ExitUsage;
  CheckOptions Checks;
  Checks.IncludeMay = A.Out.IncludeMay;
  Checks.IndirectCalls = A.Out.IndirectCalls;
  Checks.GuardShare = A.Out.GuardShare;
  Checks.WriteWeight = A.Out.GuardWriteWeight;
  Checks.BaseDir = A.Out.BaseDir;
  Report R = buildStaticReport(std::move(Facts), Checks);
  R.TranslationUnits = Total;
  R.Analyzed = Loaded;
  R.Errors = Errors;
  R.BaseDir = A.Out.BaseDir;
  return finishReport(R, A.Out);
}

} // namespace lockgraph
