// The facts reader (`link`, the --facts-dir cache): JSON in, TranslationUnitFacts out.
#include "Facts.h"
#include "lockgraph/InputLimits.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  if (!lockgraph::jsonNestingError(Text).empty())
    return 0; // refused before parsing, as readFactsFile does
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V) {
    llvm::consumeError(V.takeError());
    return 0;
  }
  llvm::Expected<lockgraph::TranslationUnitFacts> TU = lockgraph::factsFromJSON(*V);
  if (!TU)
    llvm::consumeError(TU.takeError());
  return 0;
}
