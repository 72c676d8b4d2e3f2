// Stacks: glibc backtrace() with the runtime's own frames removed, and depot access.
#include <execinfo.h>
#include <link.h>

#include "RuntimeState.h"

namespace lockgraph {
namespace rt {

namespace {
uintptr_t SelfBegin, SelfEnd; // our own code, skipped in stacks
} // namespace

// Stacks come from glibc backtrace(). It walks frames with _Unwind_Backtrace from
// libgcc_s, which it dlopens on its first call (that first call allocates); init makes
// a warm-up call with InRuntime raised, and later calls neither allocate nor need us
// to link libgcc_s ourselves (the preload library links libc only). A frame-pointer
// walk would be cheaper but fails on the usual -O2 code built without frame pointers.
uint32_t captureStack(uintptr_t *Out) {
  void *Raw[kMaxStackDepth + 16];
  int Want = Opts.stack_depth + 16;
  int N = backtrace(Raw, Want);
  // Our own frames (the hook at the top, the main and thread-start wrappers below)
  // are dropped: reports show the program's frames only.
  uint32_t K = 0;
  for (int I = 0; I < N && K < static_cast<uint32_t>(Opts.stack_depth); ++I) {
    uintptr_t PC = reinterpret_cast<uintptr_t>(Raw[I]);
    if (PC >= SelfBegin && PC < SelfEnd)
      continue;
    Out[K++] = PC;
  }
  return K;
}

static int findSelf(struct dl_phdr_info *Info, size_t, void *Data) {
  uintptr_t Probe = *static_cast<uintptr_t *>(Data);
  uintptr_t Lo = ~uintptr_t(0), Hi = 0;
  bool Mine = false;
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type != PT_LOAD)
      continue;
    uintptr_t B = Info->dlpi_addr + P.p_vaddr, E = B + P.p_memsz;
    Lo = B < Lo ? B : Lo;
    Hi = E > Hi ? E : Hi;
    Mine |= Probe >= B && Probe < E;
  }
  if (!Mine)
    return 0;
  SelfBegin = Lo;
  SelfEnd = Hi;
  return 1;
}


uint32_t internStack(const uintptr_t *Frames, uint32_t N) {
  RuntimeGuard G(GraphLock);
  return Depot.put(Frames, N);
}

uint32_t currentStack() {
  uintptr_t Frames[kMaxStackDepth];
  return internStack(Frames, captureStack(Frames));
}

void locateSelf() {
  uintptr_t Probe = reinterpret_cast<uintptr_t>(&locateSelf);
  dl_iterate_phdr(findSelf, &Probe);
}

const uintptr_t *depotGet(uint32_t Id, uint32_t *N) {
  RuntimeGuard G(GraphLock); // the depot's index may grow; the frames never move
  return Depot.get(Id, N);
}

} // namespace rt
} // namespace lockgraph
