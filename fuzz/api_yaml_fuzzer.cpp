// `--api` lock-API YAML files.
#include "ApiModel.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  lockgraph::ApiModel M;
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  if (llvm::Error E = M.loadYAML(Text, "fuzz.yaml"))
    llvm::consumeError(std::move(E));
  return 0;
}
