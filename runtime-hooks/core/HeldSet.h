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
};

class HeldSet {
public:
  size_t size() const { return Size; }
  bool empty() const { return Size == 0; }
  HeldLock &operator[](size_t I) { return Data[I]; }
  const HeldLock &operator[](size_t I) const { return Data[I]; }

  // Index of the entry for Addr, or -1. Searches from the most recent acquisition.
  long findAddr(uintptr_t Addr) const;
  // false only when memory is exhausted (the lock is then not tracked).
  bool push(const HeldLock &L);
  // Removes entry I keeping the order of the others.
  void removeAt(size_t I);
  void clear() { Size = 0; }
  // Returns the memory (thread exit).
  void release();

private:
  HeldLock *Data;
  size_t Size;
  size_t Cap;
};

} // namespace rt
} // namespace lockgraph
