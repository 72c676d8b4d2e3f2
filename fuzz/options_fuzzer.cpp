// LOCKGRAPH_OPTIONS, as the preload library parses it.
#include "core/Options.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Text(reinterpret_cast<const char *>(Data), Size); // NUL-terminated
  lockgraph::rt::Options O;
  lockgraph::rt::parseOptions(Text.c_str(), O, [](const char *, void *) {}, nullptr);
  return 0;
}
