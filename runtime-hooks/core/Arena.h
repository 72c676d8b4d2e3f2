// Memory for the runtime's own bookkeeping, taken straight from mmap so that the
// program's allocator (which may itself take locks we intercept) is never called.
//
// Contract: no locking inside; callers serialize (the runtime holds its global lock).
// pageAlloc/pageFree round to whole pages. Arena is a bump allocator for objects that
// live until exit (edges, stack records); it never frees individual objects.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lockgraph {
namespace rt {

// Returns zeroed memory or nullptr when mmap fails. Populate: the kernel maps every
// page at once (MAP_POPULATE) instead of one page fault per page on first touch; for
// memory that is about to be written all over (a rehash, a growing arena), one call
// costs far less than thousands of faults (a fault is a few microseconds in a VM).
void *pageAlloc(size_t Bytes, bool Populate = false);
void pageFree(void *P, size_t Bytes);

class Arena {
public:
  // Zeroed, Align must be a power of two. nullptr only when mmap fails.
  void *alloc(size_t Bytes, size_t Align = alignof(max_align_t));
  size_t bytesMapped() const { return Mapped; }

private:
  char *Cur;   // zero-initialized: usable as a global without a constructor
  char *End;
  size_t Mapped;
};

// Grow a pageAlloc'd array of trivially copyable T to at least Need elements.
// Returns false when out of memory (the old array is kept).
template <typename T> bool growArray(T *&Data, size_t &Cap, size_t Need) {
  if (Need <= Cap)
    return true;
  size_t NewCap = Cap ? Cap : 64;
  while (NewCap < Need)
    NewCap *= 2;
  T *New = static_cast<T *>(pageAlloc(NewCap * sizeof(T)));
  if (!New)
    return false;
  for (size_t I = 0; I < Cap; ++I)
    New[I] = Data[I];
  if (Data)
    pageFree(Data, Cap * sizeof(T));
  Data = New;
  Cap = NewCap;
  return true;
}

} // namespace rt
} // namespace lockgraph
