// Busy waits and livelocks, found as they happen (runtime-hooks/README.md):
//
// - a trylock spin: one thread fails trylock on one lock from one site again and again
//   (busy_wait_rounds times over busy_wait_ms) with no blocking wait in between;
// - a poll: one thread sleeps briefly (under busy_wait_interval_ms) or yields from one
//   site again and again, likewise; a sleep that long or longer is a periodic timer;
// - a spinlock that spun for spin_ms;
// - a livelock: threads whose trylock spins each fail on a lock another of them holds,
//   in a cycle, each livelock_rounds times: reported once, as a livelock, and not
//   also as their busy waits.
//
// Every hook runs off the uncontended path: after a failed trylock, around a sleep,
// after a contended wait.
#pragma once

#include <stdint.h>

#include "Runtime.h"
#include "SpinState.h"

namespace lockgraph {
namespace rt {

// Per thread, what other threads read for the livelock check (by thread id).
struct SpinRecord {
  uint32_t TryNode;   // the lock its streak fails on, 0 when none
  uint32_t TryStack;
  uint64_t TryFails;
  uint32_t Livelocked; // reported as part of a livelock: no busy-wait of its own
};

// A trylock found the lock at Addr taken.
void onTryFailed(uintptr_t Addr, const CallSite &Site);
// A trylock took Node: its streak ends.
void onTrySucceeded(uint32_t Node);
// The thread really waits (a contended lock, a condition, a join): streaks end.
void onBlockingWait();
// Before a sleep of RequestedNs (0 for sched_yield) made from Site.
void onSleep(uint64_t RequestedNs, bool Yield, const CallSite &Site);
// In a fork child: the locks other parent threads may have held at the fork are free,
// and no other thread's streak exists.
void spinningAfterFork();
// A spinlock acquisition spun SpunNs (endWait).
void onSpun(uint32_t Node, uint64_t SpunNs, uint32_t WaitStack, uint32_t HolderStack);

} // namespace rt
} // namespace lockgraph
