#include "Arena.h"

#include <sys/mman.h>
#include <unistd.h>

namespace lockgraph {
namespace rt {

static size_t roundToPage(size_t Bytes) {
  const size_t Page = 4096;
  return (Bytes + Page - 1) & ~(Page - 1);
}

void *pageAlloc(size_t Bytes, bool Populate) {
  if (Bytes == 0)
    Bytes = 1;
  void *P = mmap(nullptr, roundToPage(Bytes), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | (Populate ? MAP_POPULATE : 0), -1, 0);
  return P == MAP_FAILED ? nullptr : P;
}

void pageFree(void *P, size_t Bytes) {
  if (P)
    munmap(P, roundToPage(Bytes ? Bytes : 1));
}

void *Arena::alloc(size_t Bytes, size_t Align) {
  uintptr_t C = reinterpret_cast<uintptr_t>(Cur);
  uintptr_t Aligned = (C + Align - 1) & ~(uintptr_t(Align) - 1);
  if (!Cur || Aligned + Bytes > reinterpret_cast<uintptr_t>(End)) {
    size_t Chunk = 1 << 20;
    if (Bytes + Align > Chunk)
      Chunk = roundToPage(Bytes + Align);
    // The first chunk is touched lazily (a program with few locks stays small); an
    // arena that filled one will fill the next.
    char *P = static_cast<char *>(pageAlloc(Chunk, Mapped != 0));
    if (!P)
      return nullptr;
    Mapped += Chunk;
    Cur = P;
    End = P + Chunk;
    C = reinterpret_cast<uintptr_t>(Cur);
    Aligned = (C + Align - 1) & ~(uintptr_t(Align) - 1);
  }
  Cur = reinterpret_cast<char *>(Aligned + Bytes);
  return reinterpret_cast<void *>(Aligned);
}

} // namespace rt
} // namespace lockgraph
