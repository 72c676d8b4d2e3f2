// The locks one thread holds, in acquisition order. No fixed cap: the array lives in
// pageAlloc'd memory and doubles when full. Only its own thread touches it, so there
// is no locking. Zero-initialized storage is a valid empty set (it lives in TLS).
#pragma once

#include <cstddef>
#include <cstdint>

namespace lockgraph {
namespace rt {

enum class HoldMode : uint8_t { Exclusive, Shared };

struct HeldLock {
  uintptr_t Addr;
  uint32_t Node;
  uint32_t Count;  // recursive re-entries (recursive mutex, repeated read locks)
  uint32_t Stack;  // stack-depot id of the first acquisition, 0 when unknown
  HoldMode Mode;
  bool ByTry;      // taken with trylock
  uint64_t HoldStartNs; // when a sampled hold began (lock statistics), 0 when not sampled
};

class HeldSet {
public:
  size_t size() const { return Size; }
  bool empty() const { return Size == 0; }
  HeldLock &operator[](size_t I) { return Data[I]; }
  const HeldLock &operator[](size_t I) const { return Data[I]; }

  // Index of the entry for Addr, or -1. Searches from the most recent acquisition.
  // Inline, like push and removeAt: they run on every lock and unlock.
  long findAddr(uintptr_t Addr) const {
    for (size_t I = Size; I-- > 0;)
      if (Data[I].Addr == Addr)
        return static_cast<long>(I);
    return -1;
  }
  // false only when memory is exhausted (the lock is then not tracked).
  bool push(const HeldLock &L) {
    if (Size == Cap && !grow())
      return false;
    Data[Size++] = L;
    return true;
  }
  // Appends an entry for the caller to fill in field by field (building a HeldLock
  // on the stack and copying it costs two store-forwarding stalls on the hot path).
  // nullptr only when memory is exhausted.
  HeldLock *append() {
    if (Size == Cap && !grow())
      return nullptr;
    return &Data[Size++];
  }
  // Removes entry I keeping the order of the others.
  void removeAt(size_t I) {
    for (size_t J = I + 1; J < Size; ++J)
      Data[J - 1] = Data[J];
    --Size;
  }
  void clear() { Size = 0; }
  // Returns the memory (thread exit).
  void release();

private:
  bool grow();

  HeldLock *Data;
  size_t Size;
  size_t Cap;
};

} // namespace rt
} // namespace lockgraph
