// The wait-for graph of blocked threads, rebuilt by the deadlock watchdog on each
// tick from a snapshot: one WaitEdge per blocked thread (thread -> the lock it waits
// for -> that lock's owner thread). A thread waits for at most one lock and a lock
// has at most one known owner, so every node has out-degree <= 1 (a functional
// graph): each cycle is found by one walk, and a thread is on at most one cycle.
//
// Contract: no locking, no malloc, no pthread; the caller passes scratch memory.
// findDeadlocks is O(N^2) in the number of blocked threads (matching owners to
// waiters by linear search; N is small and this runs every ~200 ms, not per lock).
#pragma once

#include <cstddef>
#include <cstdint>

namespace lockgraph {
namespace rt {

constexpr uint32_t kNoThread = 0xffffffffu;

struct WaitEdge {
  uint32_t Thread;   // the blocked thread
  uint32_t Lock;     // node id of the lock it waits for
  uint32_t Owner;    // thread that owns that lock, kNoThread when not known
  bool OwnerExited;  // the owner thread has exited while holding the lock
  uint64_t Episode;  // which wait of Thread this is (changes on every new wait)
};

enum class DeadlockKind {
  Cycle,    // threads each waiting for a lock the next one owns
  Orphan,   // a wait for a lock whose owner exited holding it
  SelfWait, // a thread waiting for a lock it owns itself: a deadlock of one
};

// Called once per deadlock: a cycle (Idx[0..Len) index the edges in wait order:
// E[Idx[k]].Owner == E[Idx[k+1]].Thread, the last one's owner is E[Idx[0]].Thread,
// and Idx[0] is the edge of the lowest thread id), or an orphaned or self wait
// (Len == 1).
using DeadlockFn = void (*)(const size_t *Idx, size_t Len, DeadlockKind Kind, void *Ctx);

// Scratch must hold 3 * N entries.
void findDeadlocks(const WaitEdge *E, size_t N, size_t *Scratch, DeadlockFn Fn,
                   void *Ctx);

// A 64-bit signature of a deadlock (threads, locks, wait episodes, in the given
// order): the watchdog reports one only when the same signature persists.
uint64_t deadlockSignature(const WaitEdge *E, const size_t *Idx, size_t Len);

} // namespace rt
} // namespace lockgraph
