// Lock statistics (docs/runtime-stats.md): per lock, and per (lock, call site) for the
// sites that waited and the sites that held the lock meanwhile (Linux lock_stat's
// "contentions" and "contending points").
//
// Contract: no locking, no malloc; zero-initialized storage is empty.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lockgraph {
namespace rt {

// Per lock node. The uncontended path only bumps counters while it holds the lock
// exclusively, when no other thread can write them: plain loads and stores, no atomic
// instruction and no clock. Read-side holders, the contended path and the sampled
// hold times use atomics; the contended path alone reads the clock.
struct LockStat {
  uint64_t Acquisitions;       // exclusive acquisitions (written by the holder)
  uint64_t SharedAcquisitions; // read-side acquisitions of an rwlock (atomic)
  uint64_t OwnerChanges;       // exclusive acquisitions by another thread than the last
  uint64_t LastOwner;          // tid + 1 of the last exclusive holder
  uint64_t Contended;          // acquisitions that found it taken and waited
  uint64_t WaitNs;             // their total wait (spin time for a spinlock)
  uint64_t MaxWaitNs;
  uint64_t HoldSamples;        // sampled holds
  uint64_t HoldNs;             // their total hold time
  uint64_t MaxHoldNs;          // the longest sampled hold
};

// Per (lock, stack). Touched only on the contended path, which already waits: a
// fixed-size open-addressing table in pageAlloc'd memory, lock-free (a slot's key is
// claimed once with a CAS, its counters are atomics), never resized. When it is full,
// a new pair is counted in dropped().
struct SiteStat {
  uint64_t Key; // (Node << 32 | Stack), 0 for a free slot
  uint64_t Count;
  uint64_t WaitNs;
  uint64_t MaxWaitNs;
  uint32_t node() const { return uint32_t(Key >> 32); }
  uint32_t stack() const { return uint32_t(Key); }
};

class SiteStats {
public:
  static constexpr size_t kSlots = 8192; // a power of two; 256 KB once used
  // Counts one wait of WaitNs for Node at Stack (Node != 0).
  void add(uint32_t Node, uint32_t Stack, uint64_t WaitNs);
  // Calls F(const SiteStat &) for every used slot (a snapshot of racing counters).
  template <typename Fn> void forEach(Fn F) const {
    const SiteStat *S = __atomic_load_n(&Slots, __ATOMIC_ACQUIRE);
    if (!S)
      return;
    for (size_t I = 0; I < kSlots; ++I)
      if (__atomic_load_n(&S[I].Key, __ATOMIC_ACQUIRE))
        F(S[I]);
  }
  // Forgets every count (a fork child: its parent's trace has them). Only when no
  // other thread can add, as in a fork child.
  void clear();
  uint64_t dropped() const { return __atomic_load_n(&Dropped, __ATOMIC_RELAXED); }

private:
  SiteStat *table();
  SiteStat *Slots;
  uint64_t Dropped;
};

// Raises *Max to V if V is larger (relaxed: a statistic).
inline void atomicMax(uint64_t *Max, uint64_t V) {
  uint64_t Cur = __atomic_load_n(Max, __ATOMIC_RELAXED);
  while (V > Cur &&
         !__atomic_compare_exchange_n(Max, &Cur, V, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
}

} // namespace rt
} // namespace lockgraph
