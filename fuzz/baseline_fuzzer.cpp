// `--baseline` files.
#include "FuzzFile.h"
#include "lockgraph/Baseline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Path = fuzzFile(Data, Size, ".baseline.json");
  auto B = lockgraph::readBaseline(Path);
  if (!B)
    llvm::consumeError(B.takeError());
  return 0;
}
