// rules/*.yaml (and --rules-dir): one rule file in a folder of its own.
#include "FuzzFile.h"
#include "lockgraph/RuleCatalog.h"

#include <sys/stat.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static std::string Dir = "/tmp/lockgraph-fuzz-rules-" + std::to_string(getpid());
  static bool Made = mkdir(Dir.c_str(), 0700) == 0 || true;
  (void)Made;
  std::string Path = Dir + "/fuzz.yaml";
  FILE *F = fopen(Path.c_str(), "wb");
  if (!F)
    return 0;
  fwrite(Data, 1, Size, F);
  fclose(F);
  llvm::Expected<lockgraph::RuleCatalog> C = lockgraph::RuleCatalog::loadFromDirectory(Dir);
  if (!C)
    llvm::consumeError(C.takeError());
  return 0;
}
