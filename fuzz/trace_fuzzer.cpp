// The trace reader (`report`): any bytes, a Trace or one error.
#include "lockgraph/Trace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<lockgraph::trace::Trace> T = lockgraph::trace::parseTrace(Text, "fuzz.trace");
  if (!T)
    llvm::consumeError(T.takeError());
  return 0;
}
