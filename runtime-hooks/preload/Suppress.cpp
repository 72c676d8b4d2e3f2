// The suppressions= option at run time. Only what dladdr knows is matched: the
// module path of every frame and, for exported symbols, the (mangled) function name.
// lockgraph report matches the same file against symbolized names and source files.
#include <dlfcn.h>

#include "../core/Suppressions.h"
#include "Output.h"
#include "RuntimeState.h"

namespace lockgraph {
namespace rt {

namespace {
Suppressions List; // written once at init, read-only afterwards

void suppressionError(const char *Msg, void *) { message(Msg); }
} // namespace

void loadSuppressions() {
  if (Opts.suppressions[0])
    List.load(Opts.suppressions, suppressionError, nullptr);
}

bool suppressed(const char *Rule, const uintptr_t *Frames, uint32_t N) {
  if (!List.size())
    return false;
  for (uint32_t I = 0; I < N; ++I) {
    Dl_info Info;
    if (!dladdr(reinterpret_cast<void *>(Frames[I] - 1), &Info))
      continue;
    if ((Info.dli_sname && List.matches(Rule, Info.dli_sname)) ||
        (Info.dli_fname && List.matches(Rule, Info.dli_fname)))
      return true;
  }
  return false;
}

} // namespace rt
} // namespace lockgraph
