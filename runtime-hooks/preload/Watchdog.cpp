#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../core/WaitGraph.h"
#include "../core/Decimal.h"
#include "Output.h"
#include "RuntimeState.h"
#include "Trace.h"

namespace lockgraph {
namespace rt {

namespace {

// ---------------------------------------------------------------- deadlock watchdog
//
// Every kTickMs the watchdog snapshots the wait records, builds the wait-for graph
// (thread -> owner of the lock it waits for) and looks for cycles and for waits on
// locks whose owner exited (core/WaitGraph). A finding is a deadlock only when its
// signature (threads, locks, wait episodes) is seen on every tick for
// deadlock_timeout seconds: a lock merely held for long by a running thread makes no
// cycle, and any progress starts a new episode. The watchdog runs with InRuntime
// raised for good (never observed) and takes only the runtime's spinlocks.

constexpr unsigned kTickMs = 200;
constexpr size_t kMaxCandidates = 32;

struct WaitInfo { // what the report needs besides the WaitEdge
  uintptr_t Addr;
  uint32_t Stack;      // where the waiter started waiting
  uint32_t OwnerStack; // where the owner acquired the lock
};

struct Candidate {
  uint64_t Sig;
  uint64_t FirstMs;
  bool Seen, Reported;
};

// Owned by the watchdog thread only.
struct WatchdogScan {
  WaitEdge *Edges;
  WaitInfo *Info;
  size_t *Scratch;
  size_t Cap, ScratchCap, InfoCap;
  Candidate Cands[kMaxCandidates];
  size_t NumCands;
  uint64_t NowMs;
};
WatchdogScan Scan;

uint64_t monotonicMs() {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return static_cast<uint64_t>(T.tv_sec) * 1000 +
         static_cast<uint64_t>(T.tv_nsec) / 1000000;
}

// What thread X waits for: a lock, or (lock id 0) the end of a thread it joins.
void waitTarget(Writer &W, const WaitEdge &X, const WaitInfo &I) {
  if (X.Lock) {
    lockName(W, X.Lock, I.Addr);
    return;
  }
  W.put("thread ");
  threadLabel(W, X.Owner);
  W.put(" to exit (pthread_join)");
}

// The trace's view of one deadlocked thread.
DeadlockThreadRec traceRecord(const WaitEdge *E, const WaitInfo *Info, const size_t *Idx,
                              size_t Len, size_t K, bool Orphan) {
  const WaitEdge &X = E[Idx[K]];
  const size_t Prev = Idx[(K + Len - 1) % Len];
  DeadlockThreadRec R{X.Thread, Orphan ? 0 : E[Prev].Lock, X.Lock,
                      X.Owner == kNoThread ? kNoThreadId : X.Owner, Info[Idx[K]].Stack,
                      Orphan ? 0 : Info[Prev].OwnerStack};
  return R;
}

bool deadlockSuppressed(const WaitInfo *Info, const size_t *Idx, size_t Len) {
  for (size_t K = 0; K < Len; ++K) {
    uint32_t N;
    const uintptr_t *F = depotGet(Info[Idx[K]].Stack, &N);
    if (suppressed("deadlock", F, N))
      return true;
  }
  return false;
}

// A thread blocked on a lock it holds itself is the double-lock already reported when
// it asked (one bug, one finding): say why the process ends, and end it.
void endSelfWait(const WaitEdge &X) {
  Writer W;
  W.put("lockgraph: thread ");
  threadLabel(W, X.Thread);
  W.put(" has waited ");
  W.dec(static_cast<uint64_t>(Opts.deadlock_timeout));
  W.put(" s for a lock it holds itself (the double-lock reported above)");
  W.put(Opts.abort_on_deadlock ? ": ending the process\n" : "\n");
  emit(W);
  if (Opts.abort_on_deadlock)
    exitNow("deadlock");
}

void reportDeadlock(const WaitEdge *E, const WaitInfo *Info, const size_t *Idx,
                    size_t Len, DeadlockKind Kind) {
  if (Kind == DeadlockKind::SelfWait && Opts.detect_double_lock) {
    endSelfWait(E[Idx[0]]);
    return;
  }
  const bool Orphan = Kind != DeadlockKind::Cycle;
  if (deadlockSuppressed(Info, Idx, Len))
    return;
  {
    constexpr size_t kMaxTraced = 64;
    DeadlockThreadRec Recs[kMaxTraced];
    size_t N = Len < kMaxTraced ? Len : kMaxTraced;
    for (size_t K = 0; K < N; ++K)
      Recs[K] = traceRecord(E, Info, Idx, Len, K, Orphan);
    traceDeadlock(Orphan, Recs, N);
  }
  Writer W;
  W.put("WARNING: lockgraph: deadlock: ");
  if (Kind == DeadlockKind::SelfWait) {
    W.put("thread ");
    threadLabel(W, E[Idx[0]].Thread);
    W.put(" waits for a lock it holds itself");
  } else if (Orphan) {
    W.put("thread ");
    threadLabel(W, E[Idx[0]].Thread);
    W.put(" waits for a lock whose owner thread exited");
  } else {
    W.dec(Len);
    W.put(" threads wait for each other in a cycle");
  }
  W.put(" (unchanged for ");
  W.dec(static_cast<uint64_t>(Opts.deadlock_timeout));
  W.put(" s)\n");
  const uintptr_t *First = nullptr;
  uint32_t NFirst = 0;
  for (size_t K = 0; K < Len; ++K) {
    const WaitEdge &X = E[Idx[K]];
    const WaitInfo &I = Info[Idx[K]];
    const size_t Prev = Idx[(K + Len - 1) % Len];
    W.put("\n  thread ");
    threadLabel(W, X.Thread);
    if (!Orphan && E[Prev].Lock) {
      W.put(" holds ");
      lockName(W, E[Prev].Lock, Info[Prev].Addr);
      W.put(" and");
    } else if (!Orphan) {
      W.put(" is joined by thread ");
      threadLabel(W, E[Prev].Thread);
      W.put(" and");
    }
    W.put(" waits for ");
    waitTarget(W, X, I);
    if (X.Lock) {
      W.put(Kind == DeadlockKind::Orphan ? ", still held by exited thread "
                                          : ", held by thread ");
      threadLabel(W, X.Owner);
    }
    W.put("; it started waiting here:\n");
    uint32_t N;
    const uintptr_t *F = depotGet(I.Stack, &N);
    W.stack(F, N);
    if (K == 0) {
      First = F;
      NFirst = N;
    }
    // The lock this thread holds (for an orphan: the one its exited owner held).
    const size_t Held = Orphan ? Idx[K] : Prev;
    if (E[Held].Lock) {
      W.put("  lock ");
      lockName(W, E[Held].Lock, Info[Held].Addr);
      W.put(" was acquired by thread ");
      threadLabel(W, E[Held].Owner);
      W.put(" here:\n");
      const uintptr_t *H = depotGet(Info[Held].OwnerStack, &N);
      W.stack(H, N);
    } else {
      threadOrigin(W, X.Thread);
    }
  }
  W.summary("deadlock", First, NFirst);
  emitReport(W);
  if (Opts.abort_on_deadlock)
    exitNow("deadlock");
}

void onDeadlockFound(const size_t *Idx, size_t Len, DeadlockKind Kind, void *) {
  uint64_t Sig = deadlockSignature(Scan.Edges, Idx, Len) ^ static_cast<uint64_t>(Kind);
  Candidate *C = nullptr;
  for (size_t I = 0; I < Scan.NumCands && !C; ++I)
    if (Scan.Cands[I].Sig == Sig)
      C = &Scan.Cands[I];
  if (!C) {
    if (Scan.NumCands == kMaxCandidates)
      return; // checked again next tick, once older candidates resolve
    C = &Scan.Cands[Scan.NumCands++];
    *C = Candidate{Sig, Scan.NowMs, false, false};
  }
  C->Seen = true;
  if (C->Reported ||
      Scan.NowMs - C->FirstMs < static_cast<uint64_t>(Opts.deadlock_timeout) * 1000)
    return;
  C->Reported = true;
  reportDeadlock(Scan.Edges, Scan.Info, Idx, Len, Kind);
}

bool reserveScan(size_t N) {
  return growArray(Scan.Edges, Scan.Cap, N) && growArray(Scan.Info, Scan.InfoCap, N) &&
         growArray(Scan.Scratch, Scan.ScratchCap, 3 * N);
}

// The wait episode last reported as starving, per thread (the watchdog's own).
ChunkedArray<uint64_t> StarvedEpisode;

// A thread that has waited starvation_ms for a lock that others acquired
// starvation_overtakes times meanwhile: reported once per wait.
void checkStarvation(uint32_t Tid, const WaitRecord &R, uint64_t Episode, uint32_t Node,
                     uint32_t Stack, bool Shared, uint64_t OwnerWord) {
  if (!Opts.detect_starvation)
    return;
  uint64_t Start = __atomic_load_n(&R.StartNs, __ATOMIC_RELAXED);
  uint64_t Now = monotonicNs();
  const LockRecord *L = LockRecords.get(Node, false);
  if (!Start || !L || Now - Start < static_cast<uint64_t>(Opts.starvation_ms) * 1000000u)
    return;
  uint64_t Overtakes = acquisitionsOf(*L) - __atomic_load_n(&R.AcqAtStart, __ATOMIC_RELAXED);
  uint64_t *Last = StarvedEpisode.get(Tid, true);
  if (Overtakes < static_cast<uint64_t>(Opts.starvation_overtakes) || !Last ||
      *Last == Episode)
    return;
  // Still the same wait? (The thread may have got the lock since the snapshot.)
  if (__atomic_load_n(&R.Episode, __ATOMIC_ACQUIRE) != Episode)
    return;
  *Last = Episode;
  uint32_t Word = static_cast<uint32_t>(OwnerWord);
  StarvationFacts F{Node, Stack, Shared, Now - Start, Overtakes,
                    Word ? (Word & ~kOwnerShared) - 1 : kNoThreadId,
                    Word ? static_cast<uint32_t>(OwnerWord >> 32) : 0};
  reportStarvation(Tid, F);
}

void scanWaits() {
  uint32_t NumThreads = __atomic_load_n(&NextTid, __ATOMIC_RELAXED);
  size_t N = 0;
  for (uint32_t Tid = 0; Tid < NumThreads; ++Tid) {
    WaitRecord *R = Waits.get(Tid, false);
    if (!R)
      continue;
    uint64_t E1 = __atomic_load_n(&R->Episode, __ATOMIC_ACQUIRE);
    if (E1 & 1)
      continue;
    uint32_t Node = __atomic_load_n(&R->Node, __ATOMIC_ACQUIRE);
    uint32_t Join = __atomic_load_n(&R->JoinTid, __ATOMIC_ACQUIRE);
    if (!Node && !Join)
      continue;
    uintptr_t Addr = __atomic_load_n(&R->Addr, __ATOMIC_RELAXED);
    uint32_t Stack = __atomic_load_n(&R->Stack, __ATOMIC_RELAXED);
    bool Shared = __atomic_load_n(&R->Shared, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (__atomic_load_n(&R->Episode, __ATOMIC_RELAXED) != E1)
      continue;
    // A join waits for the joined thread: lock id 0 stands for "its exit".
    uint64_t *O = Node ? ownerWord(Node, false) : nullptr;
    uint64_t Full = O ? __atomic_load_n(O, __ATOMIC_ACQUIRE) : Node ? 0 : Join;
    uint32_t Word = static_cast<uint32_t>(Full);
    WaitEdge X{Tid, Node, kNoThread, false, E1};
    // A reader waiting on a read-held lock does not wait for that reader.
    if (Word && !(Shared && (Word & kOwnerShared))) {
      X.Owner = (Word & ~kOwnerShared) - 1;
      WaitRecord *OR = Waits.get(X.Owner, false);
      X.OwnerExited = Node && OR && __atomic_load_n(&OR->Exited, __ATOMIC_ACQUIRE);
    }
    if (Node)
      checkStarvation(Tid, *R, E1, Node, Stack, Shared, Full);
    if (!reserveScan(N + 1))
      break;
    Scan.Edges[N] = X;
    Scan.Info[N] = WaitInfo{Addr, Stack, static_cast<uint32_t>(Full >> 32)};
    ++N;
  }
  Scan.NowMs = monotonicMs();
  for (size_t I = 0; I < Scan.NumCands; ++I)
    Scan.Cands[I].Seen = false;
  if (N)
    findDeadlocks(Scan.Edges, N, Scan.Scratch, onDeadlockFound, nullptr);
  size_t Kept = 0; // a candidate not seen on this tick made progress: forget it
  for (size_t I = 0; I < Scan.NumCands; ++I)
    if (Scan.Cands[I].Seen)
      Scan.Cands[Kept++] = Scan.Cands[I];
  Scan.NumCands = Kept;
}

// Sleeps for Ms, or until wakeWatchdog().
void sleepTick(unsigned Ms) {
  int Seen = __atomic_load_n(&WatchdogWake, __ATOMIC_ACQUIRE);
  struct timespec T = {static_cast<time_t>(Ms / 1000), static_cast<long>(Ms % 1000) * 1000000};
  syscall(SYS_futex, &WatchdogWake, FUTEX_WAIT_PRIVATE, Seen, &T, nullptr, 0);
}

// Whether the thread with kernel id Tid has finished exiting: its /proc entry is gone,
// or it is a zombie (a main thread that called pthread_exit stays one until the end).
bool kernelThreadGone(int Tid) {
  char Path[64] = "/proc/self/task/";
  size_t N = __builtin_strlen(Path);
  Decimal Digits = decimal(static_cast<unsigned>(Tid));
  __builtin_memcpy(Path + N, Digits.Text, Digits.Length);
  N += Digits.Length;
  __builtin_memcpy(Path + N, "/stat", 6);
  int Fd = open(Path, O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return true;
  char Buf[512];
  ssize_t Len = read(Fd, Buf, sizeof Buf - 1);
  close(Fd);
  if (Len <= 0)
    return true;
  Buf[Len] = 0;
  const char *Paren = nullptr; // the state follows the last ')' (the name may hold one)
  for (const char *P = Buf; *P; ++P)
    if (*P == ')')
      Paren = P;
  return !Paren || Paren[1] != ' ' || Paren[2] == 'Z' || Paren[2] == 'X';
}

// The program's last thread exited while the runtime's threads live on: end the
// process once that thread is really gone, as glibc would have: exit(0), atexit
// handlers included (ours turns 0 into exitcode when something was reported).
void exitIfProgramEnded() {
  if (__atomic_load_n(&LiveThreads, __ATOMIC_ACQUIRE) != 0)
    return;
  while (!kernelThreadGone(__atomic_load_n(&LastThreadKernelId, __ATOMIC_ACQUIRE))) {
    struct timespec T = {0, 2 * 1000000};
    nanosleep(&T, nullptr);
    if (__atomic_load_n(&LiveThreads, __ATOMIC_ACQUIRE) != 0)
      return; // a thread we did not count made a new one
  }
  exit(0);
}

} // namespace

void *watchdogMain(void *) {
  TLS.InRuntime = 1; // for good: nothing this thread does is observed
  for (;;) {
    sleepTick(kTickMs);
    exitIfProgramEnded();
    if (Opts.detect_deadlock)
      scanWaits();
    traceFlush(false); // about once a second: a killed process loses little
  }
  return nullptr;
}


} // namespace rt
} // namespace lockgraph
