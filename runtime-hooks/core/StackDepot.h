// Stack depot: interns call stacks (arrays of return addresses) and hands out a
// 32-bit id; id 0 means "no stack". Stored stacks are immutable and live until exit,
// so a pointer from get() may be read without the runtime lock.
// Contract: no locking inside; arena memory only; put() is O(depth) expected.
#pragma once

#include <cstddef>
#include <cstdint>

#include "Arena.h"

namespace lockgraph {
namespace rt {

class StackDepot {
public:
  // 0 when N == 0 or memory is exhausted. *IsNew (when non-null) tells whether the
  // stack was stored by this call (the trace then gets its record).
  uint32_t put(const uintptr_t *Frames, uint32_t N, bool *IsNew = nullptr);
  // Frames of Id (nullptr and *N = 0 for id 0 / unknown).
  const uintptr_t *get(uint32_t Id, uint32_t *N) const;
  size_t size() const { return Count; }

private:
  struct Rec {
    Rec *Next;
    uint64_t Hash;
    uint32_t N;
    uint32_t Id;
    uintptr_t Frames[1];
  };
  Arena Mem;
  Rec **Buckets;
  size_t NumBuckets;
  Rec **ById; // ById[Id - 1]
  size_t ByIdCap;
  size_t Count;
};

} // namespace rt
} // namespace lockgraph
