// A two-level array whose chunks are mmap'd on first use and never freed: elements
// never move, so any thread may read or update one with atomics while others grow the
// array. Used for per-thread and per-lock records on the lock hot paths.
//
// Contract: no locking, no malloc; T must be trivially copyable and valid when zeroed.
#pragma once

#include <cstddef>

#include "Arena.h"

namespace lockgraph {
namespace rt {

template <typename T> class ChunkedArray {
public:
  static constexpr size_t kChunk = 4096, kDir = 65536;
  // nullptr when I is out of range, or (Create) out of memory, or (!Create) absent.
  T *get(size_t I, bool Create) {
    size_t D = I / kChunk;
    if (D >= kDir)
      return nullptr;
    T *C = __atomic_load_n(&Dir[D], __ATOMIC_ACQUIRE);
    if (!C && Create) {
      T *New = static_cast<T *>(pageAlloc(kChunk * sizeof(T)));
      if (!New)
        return nullptr;
      T *Seen = nullptr;
      if (__atomic_compare_exchange_n(&Dir[D], &Seen, New, false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE)) {
        C = New;
      } else {
        pageFree(New, kChunk * sizeof(T));
        C = Seen;
      }
    }
    return C ? &C[I % kChunk] : nullptr;
  }

private:
  T *Dir[kDir];
};

} // namespace rt
} // namespace lockgraph
