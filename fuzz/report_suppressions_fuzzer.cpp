// `--suppressions` as report, run and check read it.
#include "lockgraph/TraceSuppressions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  lockgraph::SuppressionList L;
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  if (llvm::Error E = L.parse(Text, "fuzz.supp"))
    llvm::consumeError(std::move(E));
  std::string Subject = "main";
  L.match("lock-order-inversion", {Subject});
  return 0;
}
