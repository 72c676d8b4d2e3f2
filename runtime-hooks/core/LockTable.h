// Lock table: maps a lock's address to the graph node that currently stands for it.
//
// Each address carries a generation. destroy() (and re-initialization) ends the
// current generation: the next lookup hands out a fresh node id, so edges recorded for
// the destroyed lock never join edges of an unrelated lock that reuses the address.
// Node ids are dense, start at 1, and are never reused.
//
// Contract: writers (lookupOrCreate, endGeneration) are serialized by the caller;
// find() may run concurrently with them and takes no lock: it is the lock hot path.
// No malloc: open addressing over pageAlloc'd blocks that double when half full.
// A replaced block is never unmapped, since a concurrent find() may still be reading
// it (the blocks form a geometric series: at most as much again as the live one); a
// reader of a replaced block may miss a newer entry, and then takes the slow path.
// Entries are never removed (an address keeps its generation counter).
#pragma once

#include <cstddef>
#include <cstdint>

namespace lockgraph {
namespace rt {

struct LockInfo {
  uintptr_t Addr;      // 0: empty slot; published last (release)
  uint32_t Node;       // 0: no live generation (destroyed, not used since)
  uint32_t Generation; // how many times this address was destroyed or re-initialized
};

class LockTable {
public:
  // The live node for Addr, creating one (and a table slot) if needed. Returns 0
  // only when memory is exhausted. *Gen receives the generation when non-null.
  uint32_t lookupOrCreate(uintptr_t Addr, uint32_t *Gen = nullptr);
  // The live node for Addr, or 0. Safe against one concurrent writer. Inline: it
  // runs on every acquisition.
  uint32_t find(uintptr_t Addr) const {
    const Block *B = __atomic_load_n(&Cur, __ATOMIC_ACQUIRE);
    if (!B)
      return 0;
    const size_t Mask = B->Cap - 1;
    for (size_t H = hashAddr(Addr) & Mask;; H = (H + 1) & Mask) {
      uintptr_t A = __atomic_load_n(&B->Slots[H].Addr, __ATOMIC_ACQUIRE);
      if (!A)
        return 0;
      if (A == Addr)
        return __atomic_load_n(&B->Slots[H].Node, __ATOMIC_ACQUIRE);
    }
  }
  // Ends the current generation of Addr (pthread_*_destroy / *_init). Returns
  // whether Addr had a live generation.
  bool endGeneration(uintptr_t Addr);

  uint32_t nodeCount() const { return NextNode ? NextNode - 1 : 0; }
  size_t size() const { return Used; }

  static size_t hashAddr(uintptr_t A) {
    uint64_t X = static_cast<uint64_t>(A);
    X ^= X >> 33;
    X *= 0xff51afd7ed558ccdULL;
    X ^= X >> 33;
    return static_cast<size_t>(X);
  }

private:
  struct Block {
    size_t Cap; // a power of two
    LockInfo Slots[1];
  };
  static Block *newBlock(size_t Cap);
  LockInfo *slot(uintptr_t Addr, bool Create);
  bool rehash(size_t NewCap);

  Block *Cur; // zero-initialized globals are valid empty tables
  size_t Used;
  uint32_t NextNode;
};

} // namespace rt
} // namespace lockgraph
