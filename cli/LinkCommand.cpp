#include "Commands.h"
#include "Output.h"

#include "Facts.h"
#include "StaticReport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

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
    for (const std::string &P : Paths) {
      ++Total;
      auto TU = readFactsFile(P);
      if (!TU) {
        Errors.push_back(llvm::toString(TU.takeError()));
        continue;
      }
      Facts.push_back(std::move(*TU));
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
  Report R = buildStaticReport(std::move(Facts), Checks);
  R.TranslationUnits = Total;
  R.Analyzed = Loaded;
  R.Errors = Errors;
  R.BaseDir = A.Out.BaseDir;
  return finishReport(R, A.Out);
}

} // namespace lockgraph
