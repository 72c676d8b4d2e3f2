// The suppressions= file as the preload library reads it (libc only).
#include "FuzzFile.h"
#include "core/Suppressions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Path = fuzzFile(Data, Size, ".supp");
  lockgraph::rt::Suppressions S{};
  S.load(Path.c_str(), [](const char *, void *) {}, nullptr);
  S.matches("lock-order-inversion", "/usr/lib/libfoo.so");
  S.release();
  return 0;
}
