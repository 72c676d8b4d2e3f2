#include "Spinning.h"

#include "Output.h"
#include "RuntimeState.h"

#include <time.h>

namespace lockgraph {
namespace rt {

ChunkedArray<SpinRecord> SpinRecords;

namespace {

RuntimeLock LivelockLock;

constexpr uint64_t kMs = 1000000;

uint64_t threadCpuNs() {
  struct timespec T;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T))
    return 0;
  return static_cast<uint64_t>(T.tv_sec) * 1000000000u + static_cast<uint64_t>(T.tv_nsec);
}

// The thread holding Node and where it took it, from the watchdog's owner record.
void ownerOf(uint32_t Node, uint32_t &Owner, uint32_t &Stack) {
  Owner = kNoThreadId;
  Stack = 0;
  const uint64_t *O = ownerWord(Node, false);
  uint64_t Word = O ? __atomic_load_n(O, __ATOMIC_ACQUIRE) : 0;
  if (uint32_t(Word)) {
    Owner = (uint32_t(Word) & ~kOwnerShared) - 1;
    Stack = uint32_t(Word >> 32);
  }
}

void publish(const SpinState &S) {
  if (SpinRecord *R = SpinRecords.get(currentTid(), true)) {
    __atomic_store_n(&R->TryNode, S.TryNode, __ATOMIC_RELAXED);
    __atomic_store_n(&R->TryStack, S.TryStack, __ATOMIC_RELAXED);
    __atomic_store_n(&R->TryFails, S.TryFails, __ATOMIC_RELEASE);
  }
}

void endTryStreak(SpinState &S) {
  if (!S.TryNode)
    return;
  S.TryNode = 0;
  S.TryFails = 0;
  S.TryPc = 0;
  publish(S);
}

// Whether Node's holder is in a trylock streak on a lock this thread holds.
bool holderSpinsOnMine(const ThreadState &T, uint32_t Node) {
  uint32_t Owner, OwnerStack;
  ownerOf(Node, Owner, OwnerStack);
  const SpinRecord *R = Owner == kNoThreadId ? nullptr : SpinRecords.get(Owner, false);
  if (!R || !__atomic_load_n(&R->TryFails, __ATOMIC_ACQUIRE))
    return false;
  uint32_t Wanted = __atomic_load_n(&R->TryNode, __ATOMIC_RELAXED);
  for (size_t I = 0; I < T.Held.size(); ++I)
    if (T.Held[I].Node == Wanted)
      return true;
  return false;
}

// A cycle of trylock spins: this thread fails on Node, held by a thread that fails on
// a lock held by the next, and so on back to this thread. Reported once, as a
// livelock, for every thread on it.
bool findLivelock(ThreadState &T, uint32_t Node) {
  constexpr size_t kMaxThreads = 8;
  LivelockThreadRec Cycle[kMaxThreads];
  const uint64_t Need = static_cast<uint64_t>(Opts.livelock_rounds);
  const uint32_t Self = currentTid();
  uint32_t Thread = Self, Fails = Node, Stack = T.Spin.TryStack;
  uint64_t Rounds = T.Spin.TryFails;
  size_t Len = 0;
  while (Len < kMaxThreads) {
    uint32_t Owner, OwnerStack;
    ownerOf(Fails, Owner, OwnerStack);
    if (Owner == kNoThreadId || Owner == Thread)
      return false;
    Cycle[Len++] = LivelockThreadRec{Thread, 0, Fails, Owner, Stack, 0, Rounds};
    if (Owner == Self)
      break;
    const SpinRecord *R = SpinRecords.get(Owner, false);
    if (!R || __atomic_load_n(&R->Livelocked, __ATOMIC_ACQUIRE))
      return false;
    Rounds = __atomic_load_n(&R->TryFails, __ATOMIC_ACQUIRE);
    Fails = __atomic_load_n(&R->TryNode, __ATOMIC_RELAXED);
    Stack = __atomic_load_n(&R->TryStack, __ATOMIC_RELAXED);
    if (!Fails || Rounds < Need)
      return false;
    Thread = Owner;
  }
  if (!Len || Cycle[Len - 1].Owner != Self)
    return false;
  // Each thread holds what the one before it fails on, taken where its owner record
  // says.
  for (size_t I = 0; I < Len; ++I) {
    LivelockThreadRec &C = Cycle[I];
    C.Holds = Cycle[(I + Len - 1) % Len].WaitsFor;
    uint32_t Holder;
    ownerOf(C.Holds, Holder, C.HoldStack);
  }
  {
    // Claim every thread of the cycle at once: two of them may find it together.
    RuntimeGuard G(LivelockLock);
    for (size_t I = 0; I < Len; ++I) {
      const SpinRecord *Rec = SpinRecords.get(Cycle[I].Thread, false);
      if (Rec && __atomic_load_n(&Rec->Livelocked, __ATOMIC_ACQUIRE))
        return true; // found and reported by another thread of the cycle
    }
    for (size_t I = 0; I < Len; ++I)
      if (SpinRecord *Rec = SpinRecords.get(Cycle[I].Thread, true))
        __atomic_store_n(&Rec->Livelocked, 1, __ATOMIC_RELEASE);
  }
  reportLivelock(Cycle, Len);
  return true;
}

} // namespace

void onTryFailed(uintptr_t Addr, const CallSite &Site) {
  if (!Opts.detect_busy_wait && !Opts.detect_livelock)
    return;
  const uint32_t Node = Table.find(Addr);
  if (!Node)
    return;
  ThreadState &T = TLS;
  SpinState &S = T.Spin;
  const uint64_t Now = monotonicNs();
  const uint64_t Gap = static_cast<uint64_t>(Opts.busy_wait_interval_ms) * kMs;
  if (Node != S.TryNode || Site.Pc != S.TryPc || Now - S.TryLastNs > Gap) {
    S.TryNode = Node;
    S.TryPc = Site.Pc;
    S.TryStack = stackAtSite(Site);
    S.TryFails = 0;
    S.TryStartNs = Now;
    S.TryCpuNs = threadCpuNs();
    S.TryReported = false;
  }
  ++S.TryFails;
  S.TryLastNs = Now;
  publish(S);
  if (S.TryReported)
    return;
  const uint64_t Busy = static_cast<uint64_t>(Opts.busy_wait_rounds);
  const uint64_t Live = static_cast<uint64_t>(Opts.livelock_rounds);
  const uint64_t First = Busy < Live ? Busy : Live;
  // Checked at the threshold and every 64 failures after it: the checks read others'
  // records and the clock of this thread.
  if (S.TryFails < First || (S.TryFails - First) % 64)
    return;
  const SpinRecord *Mine = SpinRecords.get(currentTid(), false);
  if (Mine && __atomic_load_n(&Mine->Livelocked, __ATOMIC_ACQUIRE)) {
    S.TryReported = true; // part of a livelock already reported
    return;
  }
  if (Opts.detect_livelock && Opts.detect_deadlock && S.TryFails >= Live &&
      findLivelock(T, Node)) {
    S.TryReported = true;
    return;
  }
  if (!Opts.detect_busy_wait || S.TryFails < Busy ||
      Now - S.TryStartNs < static_cast<uint64_t>(Opts.busy_wait_ms) * kMs)
    return;
  // The holder spins on a lock of ours: a livelock in the making (it has not failed
  // livelock_rounds times yet). It is reported as one when it has, not as two busy
  // waits now.
  if (Opts.detect_livelock && holderSpinsOnMine(T, Node))
    return;
  S.TryReported = true;
  BusyWaitFacts F{"trylock", Node, S.TryStack, S.TryFails, Now - S.TryStartNs,
                  threadCpuNs() - S.TryCpuNs, 0, kNoThreadId, 0};
  ownerOf(Node, F.Owner, F.OwnerStack);
  reportBusyWait(F);
}

void spinningAfterFork() {
  LivelockLock.reset();
  for (uint32_t Tid = 0, N = __atomic_load_n(&NextTid, __ATOMIC_RELAXED); Tid < N; ++Tid)
    if (SpinRecord *R = Tid == currentTid() ? nullptr : SpinRecords.get(Tid, false))
      *R = SpinRecord{};
}

void onTrySucceeded(uint32_t Node) {
  SpinState &S = TLS.Spin;
  if (S.TryNode && S.TryNode == Node)
    endTryStreak(S);
}

void onBlockingWait() {
  SpinState &S = TLS.Spin;
  endTryStreak(S);
  S.SleepPc = 0;
  S.SleepRounds = 0;
}

void onSleep(uint64_t RequestedNs, bool Yield, const CallSite &Site) {
  if (!Opts.detect_busy_wait)
    return;
  SpinState &S = TLS.Spin;
  const uint64_t Now = monotonicNs();
  const uint64_t Gap = static_cast<uint64_t>(Opts.busy_wait_interval_ms) * kMs;
  if (RequestedNs >= Gap) { // a periodic timer's sleep, not a poll's
    S.SleepPc = 0;
    S.SleepRounds = 0;
    return;
  }
  // A thread that took a lock since its last pause did work on shared data, which a
  // poll does not: a loop of work with short pauses, or a poll under a lock, which
  // the static rule sees. (A trylock spin's pauses: onTryFailed.)
  const bool Worked = TLS.Acquisitions != S.SleepAcquisitions;
  S.SleepAcquisitions = TLS.Acquisitions;
  if (Site.Pc != S.SleepPc || Yield != S.Yields || Now > S.SleepNextNs + Gap || Worked) {
    S.SleepPc = Site.Pc;
    S.SleepStack = 0; // unwound when reported: a poll site is rarely one
    S.Yields = Yield;
    S.SleepRounds = 0;
    S.SleepStartNs = Now;
    S.SleptNs = 0;
    S.SleepCpuNs = threadCpuNs();
    S.SleepReported = false;
  }
  ++S.SleepRounds;
  S.SleptNs += RequestedNs;
  S.SleepNextNs = Now + RequestedNs;
  const int Rounds = Yield ? Opts.busy_wait_rounds : Opts.poll_rounds;
  if (S.SleepReported || S.SleepRounds < static_cast<uint64_t>(Rounds) ||
      Now - S.SleepStartNs < static_cast<uint64_t>(Opts.busy_wait_ms) * kMs)
    return;
  S.SleepReported = true;
  // The pause of a trylock spin: that spin is the one bug, reported at its trylock.
  if (S.TryNode && Now - S.TryLastNs <= Gap)
    return;
  BusyWaitFacts F{Yield ? "yield" : "sleep", 0, stackAtSite(Site), S.SleepRounds,
                  Now - S.SleepStartNs, threadCpuNs() - S.SleepCpuNs, S.SleptNs,
                  kNoThreadId, 0};
  reportBusyWait(F);
}

void onSpun(uint32_t Node, uint64_t SpunNs, uint32_t WaitStack, uint32_t HolderStack) {
  if (!Opts.detect_busy_wait || SpunNs < static_cast<uint64_t>(Opts.spin_ms) * kMs)
    return;
  // The owner record names this thread now (it got the lock): the holder it waited
  // for is known by its stack only.
  BusyWaitFacts F{"spin", Node, WaitStack, 1, SpunNs, SpunNs, 0, kNoThreadId, HolderStack};
  reportBusyWait(F);
}

} // namespace rt
} // namespace lockgraph
