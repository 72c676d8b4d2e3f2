// Lock table: maps a lock's address to the graph node that currently stands for it.
//
// Each address carries a generation. destroy() (and re-initialization) ends the
// current generation: the next lookup hands out a fresh node id, so edges recorded for
// the destroyed lock never join edges of an unrelated lock that reuses the address.
// Node ids are dense, start at 1, and are never reused.
//
// Contract: no locking inside (the runtime serializes calls), no malloc: open
// addressing over a pageAlloc'd array that doubles when 1/2 full. Entries are never
// removed (an address keeps its generation counter), so lookups stay O(1) expected.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lockgraph {
namespace rt {

struct LockInfo {
  uintptr_t Addr;      // 0: empty slot
  uint32_t Node;       // 0: no live generation (destroyed, not used since)
  uint32_t Generation; // how many times this address was destroyed or re-initialized
};

class LockTable {
public:
  // The live node for Addr, creating one (and a table slot) if needed. Returns 0
  // only when memory is exhausted. *Gen receives the generation when non-null.
  uint32_t lookupOrCreate(uintptr_t Addr, uint32_t *Gen = nullptr);
  // The live node for Addr, or 0.
  uint32_t find(uintptr_t Addr) const;
  // Ends the current generation of Addr (pthread_*_destroy / *_init).
  void endGeneration(uintptr_t Addr);

  uint32_t nodeCount() const { return NextNode ? NextNode - 1 : 0; }
  size_t size() const { return Used; }

private:
  LockInfo *slot(uintptr_t Addr, bool Create);
  bool rehash(size_t NewCap);

  LockInfo *Slots; // zero-initialized globals are valid empty tables
  size_t Cap;
  size_t Used;
  uint32_t NextNode;
};

} // namespace rt
} // namespace lockgraph
