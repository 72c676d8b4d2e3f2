#include "Runtime.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../core/LockGraph.h"
#include "../core/LockTable.h"
#include "../core/StackDepot.h"
#include "Output.h"
#include "RuntimeState.h"
#include "Spinning.h"
#include "Trace.h"

namespace lockgraph {
namespace rt {

__thread ThreadState TLS __attribute__((tls_model("initial-exec")));
int InitState;

RuntimeLock GraphLock;
RuntimeLock OutputLock;
LockTable Table;
LockGraph Graph;
ThreadSegments Segments;
StackDepot Depot;
Options Opts;
uint32_t NextTid;
int ReportCount;
int ExitStatus;
ChunkedArray<WaitRecord> Waits;
ChunkedArray<LockRecord> LockRecords;
ChunkedArray<uint8_t> NodeFlags;
SiteStats WaiterSites, HolderSites;
int WatchdogStarted;
int LiveThreads;
int LastThreadKernelId;
int WatchdogWake;
pid_t ProcessPid; // this process (a vfork child shares our memory, not our pid)

namespace {

// ---------------------------------------------------------------- init / exit

void atExit() {
  sayRepeats();
  int Status = __atomic_load_n(&ExitStatus, __ATOMIC_RELAXED);
  if (__atomic_load_n(&ReportCount, __ATOMIC_RELAXED) && Status == 0)
    exitNow("exit");
  traceEnd("exit", Status, true, Status);
}

void optionError(const char *Msg, void *) { message(Msg); }
void helpText(const char *Text, void *) { writeAll(2, Text, __builtin_strlen(Text)); }

void doInit() {
  resolveRealFunctions();
  if (parseOptions(getenv("LOCKGRAPH_OPTIONS"), Opts, optionError, nullptr))
    message("warning: some LOCKGRAPH_OPTIONS were not understood (help=1 lists them)");
  if (Opts.help)
    printOptionHelp(helpText, nullptr);
  locateSelf();
  void *Warm[4];
  backtrace(Warm, 4); // loads libgcc_s now, not on the lock path (see captureStack)
  loadSuppressions();
  pthread_atfork(forkPrepare, forkParent, forkChild);
  atexit(atExit);
  ProcessPid = getpid();
  Graph.useHappensBefore(&Segments);
  currentTid(); // the initializing thread (normally main) becomes T0
  countThreadStart();
  if (Opts.verbosity >= 1)
    message("runtime initialized");
}

// Runs before main and before the program's own constructors; glibc passes init
// functions the program's arguments, which the trace header records.
__attribute__((constructor(101))) void initAtLoad(int Argc, char **Argv, char **) {
  ensureInit();
  RuntimeScope Scope;
  traceOpen(Argc, Argv);
  // The watchdog also flushes the trace about once a second, which a process that
  // never starts a thread needs too. Started here, outside any lock hook.
  if (tracing())
    startWatchdog();
}

} // namespace

void ensureInit() {
  int S = __atomic_load_n(&InitState, __ATOMIC_ACQUIRE);
  if (S == 2)
    return;
  int Expected = 0;
  if (S == 0 && __atomic_compare_exchange_n(&InitState, &Expected, 1, false,
                                            __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    RuntimeScope Scope;
    doInit();
    __atomic_store_n(&InitState, 2, __ATOMIC_RELEASE);
  }
  // Another thread is initializing: this call passes through untracked.
}

const Options &options() { return Opts; }

int beforeImmediateExit(int Status) {
  if (getpid() != ProcessPid)
    return Status; // a vfork child: nothing here is its own, its status least of all
  noteExitStatus(Status);
  if (__atomic_load_n(&ReportCount, __ATOMIC_RELAXED) && Status == 0)
    Status = Opts.exitcode;
  traceEnd("exit", Status, true, __atomic_load_n(&ExitStatus, __ATOMIC_RELAXED));
  return Status;
}

void beforeExec() { traceExec(); }

void noteExitStatus(int Status) { __atomic_store_n(&ExitStatus, Status, __ATOMIC_RELAXED); }

// ---------------------------------------------------------------- hooks
//
// The hot path (a known lock, known edges, no contention) takes no runtime lock and
// never unwinds: the node comes from the lock-free LockTable::find, each edge from
// LockGraph::findEdge, the acquisition stack from the thread's call-site cache.
// Anything new (a lock, an edge, a gate set that shrinks, a call site) goes to a slow
// path under GraphLock.

namespace {

size_t siteIndex(const CallSite &S) {
  uint64_t X = S.Pc ^ (S.Frame * 0x9e3779b97f4a7c15ULL);
  X ^= X >> 29;
  return static_cast<size_t>(X) & (kSiteSlots - 1);
}

void rememberSite(const CallSite &S, uint32_t Stack) {
  if (S.Pc && Stack)
    TLS.Sites[siteIndex(S)] = SiteSlot{S.Pc, S.Frame, Stack};
}


// The stack of an acquisition at S: unwound the first time the thread passes S at
// this depth, then taken from the cache. Two different paths reaching the same call
// site at the same stack depth share the first one's stack (frame #0 is always
// right); README.md lists this among the limits.
__attribute__((noinline)) uint32_t unwindSite(const CallSite &S) {
  uintptr_t Frames[kMaxStackDepth];
  uint32_t Id = internStack(Frames, captureStack(Frames));
  rememberSite(S, Id);
  return Id;
}

inline __attribute__((always_inline)) uint32_t siteStack(const CallSite &S) {
  const SiteSlot &Slot = TLS.Sites[siteIndex(S)];
  if (__builtin_expect(S.Pc && Slot.Pc == S.Pc && Slot.Frame == S.Frame, 1))
    return Slot.Stack;
  return unwindSite(S);
}

} // namespace

uint32_t stackAtSite(const CallSite &S) { return siteStack(S); }

namespace {

// A new node for Addr (or the one another thread just created), recorded for reports
// and the trace. Caller holds GraphLock.
uint32_t createNodeLocked(uintptr_t Addr, LockKind Kind, uint32_t Stack) {
  uint32_t Before = Table.nodeCount();
  uint32_t Gen = 0;
  uint32_t Node = Table.lookupOrCreate(Addr, &Gen);
  LockMeta *M = Node ? LockMetas.get(Node, true) : nullptr;
  if (!M || !Graph.describeNode(Node, Addr, Gen)) {
    warnOutOfMemory();
    return 0;
  }
  if (Table.nodeCount() != Before) {
    *M = LockMeta{Kind, Stack};
    traceLockCreatedLocked(Node);
  }
  return Node;
}

// The lock's live node, creating it on first use (or first use after destroy).
__attribute__((noinline)) uint32_t newLockNode(uintptr_t Addr, LockKind Kind,
                                               const CallSite &S) {
  uint32_t Stack = siteStack(S); // where it is first used
  RuntimeGuard G(GraphLock);
  return createNodeLocked(Addr, Kind, Stack);
}

inline __attribute__((always_inline)) uint32_t lockNode(uintptr_t Addr, LockKind Kind,
                                                        const CallSite &S) {
  if (uint32_t Node = Table.find(Addr))
    return Node;
  return newLockNode(Addr, Kind, S);
}

// Node ids of the held locks, for gate checks.
const uint32_t *heldNodes(ThreadState &T) {
  size_t N = T.Held.size();
  if (!growArray(T.Scratch, T.ScratchCap, N)) {
    warnOutOfMemory();
    return nullptr;
  }
  for (size_t I = 0; I < N; ++I)
    T.Scratch[I] = T.Held[I].Node;
  return T.Scratch;
}

// From read-held to a read request of a reader-preferring rwlock (kReaderGate).
bool readerGate(const HeldLock &From, const AcquireCtx &C) {
  return C.ReaderPreferring && From.Mode == HoldMode::Shared;
}

// A semaphore this thread "holds" that turned out to be a signal (another thread
// posted it) is no lock: forget it, so it makes no edges and no leak.
void dropSignalSemaphores(ThreadState &T) {
  for (size_t I = T.Held.size(); I-- > 0;)
    if (notALock(T.Held[I].Node))
      T.Held.removeAt(I);
}

// Semaphores have no owner: one a thread ends with may be posted by another (a
// handoff), so only owned locks can leak at a thread's end. A semaphore that nobody
// posts afterwards shows as what it costs: an orphaned wait (the watchdog). CPython's
// locks are semaphores, and its daemon threads end holding them at shutdown.
void dropSemaphores(ThreadState &T) {
  for (size_t I = T.Held.size(); I-- > 0;)
    if (isSemaphore(T.Held[I].Node))
      T.Held.removeAt(I);
}

// Entries that stand for no lock: destroyed while held (already reported), or not
// tracked for want of memory.
void dropUntracked(ThreadState &T) {
  for (size_t I = T.Held.size(); I-- > 0;)
    if (!T.Held[I].Node)
      T.Held.removeAt(I);
}

// Slow path: records every edge held -> C.Node that is new or loses gates, and
// reports the first cycle each closes. The edge's "to" stack comes from the call-site
// cache, like the stacks of held locks (its "from" stacks): a program that takes many
// new pairs of locks at one call site is unwound once, not once per pair.
void recordEdges(ThreadState &T, const uint32_t *Held, AcquireCtx &C) {
  const uint32_t Stack = siteStack(C.Site);
  constexpr size_t kMaxPending = 8;
  PendingCycle Pending[kMaxPending];
  size_t NumPending = 0;
  const uint32_t Tid = currentTid();
  const size_t N = T.Held.size();
  {
    RuntimeGuard G(GraphLock);
    C.Stack = Stack;
    // The new edges, traced as one record after the loop: From node and its stack.
    size_t NumNew = 0;
    const bool Room = tracing() && growArray(T.EdgeScratch, T.EdgeScratchCap, 2 * N);
    for (size_t I = 0; I < N; ++I) {
      const HeldLock &H = T.Held[I];
      if (!H.Node || notALock(H.Node))
        continue;
      Edge *E = nullptr;
      EdgeChange Ch = Graph.addEdge(H.Node, C.Node, Held, N, Tid, H.Stack, C.Stack, &E,
                                    readerGate(H, C), T.Segment);
      if (Ch == EdgeChange::OutOfMemory) {
        warnOutOfMemory();
        continue;
      }
      if (Ch == EdgeChange::None)
        continue;
      if (Ch == EdgeChange::New && Room) {
        T.EdgeScratch[NumNew] = E->From;
        T.EdgeScratch[N + NumNew] = E->StackFrom;
        ++NumNew;
      }
      size_t Len = Graph.findCycle(E, CyclePath, kMaxCycleEdges);
      if (!Len)
        continue;
      size_t Shown = Len < kMaxCycleEdges ? Len : kMaxCycleEdges;
      if (!Graph.firstReportOf(CyclePath, Shown) || NumPending == kMaxPending)
        continue;
      if (snapshotCycle(CyclePath, Shown, Len, Pending[NumPending]))
        ++NumPending;
    }
    if (NumNew)
      traceEdgesLocked(C.Node, Tid, C.Stack, T.EdgeScratch, T.EdgeScratch + N, NumNew, Held, N);
  }
  dropSignalSemaphores(T);
  for (size_t I = 0; I < NumPending; ++I)
    reportCycle(Pending[I]);
}




// Whether the Nth acquisition of a lock times its hold: about one in
// kHoldSamplePeriod, picked by a multiplicative hash of N (a Weyl sequence), so that
// a program taking a lock in a fixed pattern is not sampled in step with it, at the
// cost of one multiply on a count already in a register.
inline bool sampledHold(uint64_t N) {
  return ((N * 0x9E3779B97F4A7C15ull) >> 58) < 64 / kHoldSamplePeriod;
}

// Out of line: a clock read in the inlined path would cost every acquisition a
// bigger frame.
__attribute__((noinline)) void startHoldSample(HeldLock &H) { H.HoldStartNs = monotonicNs(); }

// The lock statistics of a new hold (the lock is held: see LockStat).
inline __attribute__((always_inline)) void countAcquisition(HeldLock &H, LockRecord *R) {
  if (!R)
    return;
  LockStat *K = &R->Stats;
  uint64_t N;
  if (H.Mode == HoldMode::Shared) {
    N = __atomic_add_fetch(&K->SharedAcquisitions, 1, __ATOMIC_RELAXED);
  } else {
    // Relaxed loads and stores: the holder is the only writer, and a reader (the
    // trace at exit) must not see a torn value.
    N = __atomic_load_n(&K->Acquisitions, __ATOMIC_RELAXED) + 1;
    __atomic_store_n(&K->Acquisitions, N, __ATOMIC_RELAXED);
    const uint64_t Me = uint64_t(currentTid()) + 1;
    const uint64_t Last = __atomic_load_n(&K->LastOwner, __ATOMIC_RELAXED);
    if (Last != Me) {
      if (Last)
        __atomic_store_n(&K->OwnerChanges,
                         __atomic_load_n(&K->OwnerChanges, __ATOMIC_RELAXED) + 1,
                         __ATOMIC_RELAXED);
      __atomic_store_n(&K->LastOwner, Me, __ATOMIC_RELAXED);
    }
  }
  if (__builtin_expect(sampledHold(N), 0))
    startHoldSample(H);
}

__attribute__((noinline)) void countHold(const HeldLock &H, LockRecord *R) {
  if (!R)
    return;
  LockStat *K = &R->Stats;
  uint64_t Held = monotonicNs() - H.HoldStartNs;
  __atomic_add_fetch(&K->HoldSamples, 1, __ATOMIC_RELAXED);
  __atomic_add_fetch(&K->HoldNs, Held, __ATOMIC_RELAXED);
  atomicMax(&K->MaxHoldNs, Held);
}

} // namespace

void beforeLock(uintptr_t Addr, LockKind Kind, HoldMode Mode, unsigned Traits,
                AcquireCtx &C) {
  ThreadState &T = TLS;
  long Idx = T.Held.findAddr(Addr);
  if (Idx >= 0) {
    const HeldLock &H = T.Held[static_cast<size_t>(Idx)];
    bool Allowed = (Traits & kRecursive) ||
                   (Mode == HoldMode::Shared && H.Mode == HoldMode::Shared);
    C.Reentry = true;
    C.Node = H.Node;
    C.SelfWait = !Allowed && !C.Timed;
    if (!Allowed && Opts.detect_double_lock) {
      uintptr_t Frames[kMaxStackDepth];
      uint32_t NF = captureStack(Frames);
      reportDoubleLock(Kind, Mode, H, Frames, NF);
    }
    return;
  }
  C.Node = lockNode(Addr, Kind, C.Site);
  const size_t N = T.Held.size();
  if (!C.Node || !N || !Opts.detect_lock_order_inversion)
    return;
  const uint32_t *Held = heldNodes(T);
  if (!Held)
    return;
  C.ReaderPreferring = Mode == HoldMode::Shared && (Traits & kReaderPreferring);
  const uint32_t Segment = __builtin_expect(T.Segment != 0, 1) ? T.Segment : currentSegment();
  for (size_t I = 0; I < N; ++I) {
    uint32_t From = Held[I];
    if (!From)
      continue;
    if (!Graph.isSettled(From, C.Node, Held, N, readerGate(T.Held[I], C), Segment)) {
      recordEdges(T, Held, C);
      return;
    }
  }
}

void beginWait(uintptr_t Addr, HoldMode Mode, AcquireCtx &C) {
  if (!C.Node)
    return;
  C.WaitStartNs = monotonicNs();
  onBlockingWait();
  if (LockRecord *R = LockRecords.get(C.Node, true))
    __atomic_add_fetch(&R->Stats.Contended, 1, __ATOMIC_RELAXED);
  uint32_t Stack = C.Stack ? C.Stack : siteStack(C.Site);
  C.WaitStack = Stack;
  // Who made us wait: the owner's acquisition stack (kept for the watchdog).
  if (const uint64_t *O = Opts.detect_deadlock ? ownerWord(C.Node, false) : nullptr) {
    uint64_t Word = __atomic_load_n(O, __ATOMIC_ACQUIRE);
    C.HolderStack = uint32_t(Word) ? uint32_t(Word >> 32) : 0;
  }
  // Publish the wait for the watchdog (a timed wait cannot last forever).
  if (C.Timed || !Opts.detect_deadlock)
    return;
  if (WaitRecord *R = Waits.get(currentTid(), true)) {
    __atomic_add_fetch(&R->Episode, 1, __ATOMIC_ACQ_REL); // odd: being written
    __atomic_store_n(&R->Addr, Addr, __ATOMIC_RELAXED);
    __atomic_store_n(&R->Stack, Stack, __ATOMIC_RELAXED);
    uint32_t Shared = Mode == HoldMode::Shared ? 1 : 0;
    __atomic_store_n(&R->Shared, Shared, __ATOMIC_RELAXED);
    __atomic_store_n(&R->Node, C.Node, __ATOMIC_RELAXED);
    __atomic_store_n(&R->StartNs, C.WaitStartNs, __ATOMIC_RELAXED);
    const LockRecord *L = LockRecords.get(C.Node, false);
    __atomic_store_n(&R->AcqAtStart, L ? acquisitionsOf(*L) : 0, __ATOMIC_RELAXED);
    __atomic_add_fetch(&R->Episode, 1, __ATOMIC_RELEASE);
    C.Waiting = true;
  }
}

void endWait(AcquireCtx &C) {
  if (C.WaitStartNs) {
    uint64_t Waited = monotonicNs() - C.WaitStartNs;
    if (LockRecord *R = LockRecords.get(C.Node, false)) {
      __atomic_add_fetch(&R->Stats.WaitNs, Waited, __ATOMIC_RELAXED);
      atomicMax(&R->Stats.MaxWaitNs, Waited);
    }
    WaiterSites.add(C.Node, C.WaitStack, Waited);
    if (C.HolderStack)
      HolderSites.add(C.Node, C.HolderStack, Waited);
    if (const LockMeta *M = LockMetas.get(C.Node, false); M && M->Kind == LockKind::Spin)
      onSpun(C.Node, Waited, C.WaitStack, C.HolderStack);
    C.WaitStartNs = 0;
  }
  if (!C.Waiting)
    return;
  C.Waiting = false;
  if (WaitRecord *R = Waits.get(currentTid(), false))
    __atomic_store_n(&R->Node, 0, __ATOMIC_RELEASE);
}

void startWatchdog() {
  if ((!Opts.detect_deadlock && !tracing()) ||
      __atomic_load_n(&WatchdogStarted, __ATOMIC_RELAXED) ||
      __atomic_exchange_n(&WatchdogStarted, 1, __ATOMIC_ACQ_REL))
    return;
  if (createInternalThread(watchdogMain))
    message("warning: could not start the deadlock watchdog thread");
}

void afterLock(uintptr_t Addr, LockKind Kind, HoldMode Mode, AcquireCtx &C) {
  ThreadState &T = TLS;
  if (C.Reentry || C.ByTry) {
    long Idx = T.Held.findAddr(Addr);
    if (Idx >= 0) {
      ++T.Held[static_cast<size_t>(Idx)].Count;
      return;
    }
  }
  if (C.ByTry)
    C.Node = lockNode(Addr, Kind, C.Site);
  uint32_t Stack = C.Stack ? C.Stack : siteStack(C.Site);
  LockRecord *R = C.Node ? LockRecords.get(C.Node, true) : nullptr;
  if (HeldLock *H = T.Held.append()) {
    H->Addr = Addr;
    H->Node = C.Node;
    H->Count = 1;
    H->Stack = Stack;
    H->Mode = Mode;
    H->ByTry = C.ByTry;
    H->HoldStartNs = 0;
    ++T.Acquisitions;
    countAcquisition(*H, R);
  } else {
    warnOutOfMemory();
  }
  setOwner(R, Mode, Stack);
}

void beforeUnlock(uintptr_t Addr, LockKind Kind, const CallSite &) {
  ThreadState &T = TLS;
  long Idx = T.Held.findAddr(Addr);
  if (Idx >= 0) {
    HeldLock &H = T.Held[static_cast<size_t>(Idx)];
    if (--H.Count == 0) {
      LockRecord *R = H.Node ? LockRecords.get(H.Node, false) : nullptr;
      if (H.HoldStartNs)
        countHold(H, R);
      clearOwner(R, H.Mode);
      T.Held.removeAt(static_cast<size_t>(Idx));
    }
    return;
  }
  uint32_t Node = Table.find(Addr);
  clearOwner(Node, HoldMode::Exclusive); // released by a non-owner: owner unknown now
  if (!Opts.detect_bad_unlock)
    return;
  uintptr_t Frames[kMaxStackDepth];
  uint32_t NF = captureStack(Frames);
  reportBadUnlock(Kind, Addr, Node, Frames, NF);
}

void onLockLifetime(uintptr_t Addr, bool Destroy, const CallSite &) {
  if (!Table.find(Addr))
    return; // never locked since its last init: the common case for init
  // A semaphore may be destroyed taken (it has no owner): only its generation ends.
  if (Destroy && Opts.detect_lock_leak && !isSemaphore(Table.find(Addr))) {
    long Idx = TLS.Held.findAddr(Addr);
    if (Idx >= 0) {
      // The entry stays (its unlock is no bad-unlock) but stands for no lock any
      // more: no edges from it, and no second report when the thread exits.
      HeldLock H = TLS.Held[static_cast<size_t>(Idx)];
      TLS.Held[static_cast<size_t>(Idx)].Node = 0;
      clearOwner(H.Node, H.Mode);
      uintptr_t Frames[kMaxStackDepth];
      uint32_t NF = captureStack(Frames);
      reportDestroyedHeld(H, currentTid(), Frames, NF);
    } else if (uint64_t *O = Opts.detect_deadlock ? ownerWord(Table.find(Addr), false)
                                                  : nullptr) {
      uint64_t Word = __atomic_load_n(O, __ATOMIC_ACQUIRE);
      const uint32_t Owner = (uint32_t(Word) & ~kOwnerShared) - 1;
      const WaitRecord *OR = uint32_t(Word) ? Waits.get(Owner, false) : nullptr;
      // A lock a parent's thread held when another thread forked is stuck in the
      // child: destroying it there (CPython re-initializes such locks after fork) is
      // the remedy, not a leak of the child's.
      if (uint32_t(Word) && !(OR && OR->ForkedAway)) {
        HeldLock H{Addr, Table.find(Addr), 1, static_cast<uint32_t>(Word >> 32),
                   (Word & kOwnerShared) ? HoldMode::Shared : HoldMode::Exclusive,
                   false, 0};
        uintptr_t Frames[kMaxStackDepth];
        uint32_t NF = captureStack(Frames);
        reportDestroyedHeld(H, Owner, Frames, NF);
      }
    }
  }
  RuntimeGuard G(GraphLock);
  uint32_t Node = Table.find(Addr);
  if (Table.endGeneration(Addr))
    clearOwner(Node, HoldMode::Exclusive);
}

void onSemInit(uintptr_t Addr, unsigned Value) {
  onLockLifetime(Addr, /*Destroy=*/false, CallSite{});
  if (Value != 1)
    return; // a counting semaphore, or one that starts taken: a signal, not a lock
  RuntimeGuard G(GraphLock);
  uint32_t Node = createNodeLocked(Addr, LockKind::Semaphore, 0);
  if (uint8_t *F = Node ? NodeFlags.get(Node, true) : nullptr)
    __atomic_store_n(F, kSemaphoreLock, __ATOMIC_RELEASE);
}

namespace {
// The flags of a semaphore still tracked as a lock, or null.
uint8_t *lockSemaphore(uintptr_t Addr, uint32_t *Node) {
  *Node = Table.find(Addr);
  uint8_t *F = *Node ? NodeFlags.get(*Node, false) : nullptr;
  return F && __atomic_load_n(F, __ATOMIC_ACQUIRE) == kSemaphoreLock ? F : nullptr;
}

void demoteSemaphore(uint8_t *F, uint32_t Node) {
  __atomic_store_n(F, kSemaphoreLock | kNotALock, __ATOMIC_RELEASE);
  clearOwner(Node, HoldMode::Exclusive);
}
} // namespace

bool semaphoreIsLock(uintptr_t Addr) {
  uint32_t Node;
  uint8_t *F = lockSemaphore(Addr, &Node);
  if (!F)
    return false;
  long Idx = TLS.Held.findAddr(Addr);
  if (Idx < 0)
    return true;
  // Its holder waits on it again: only another thread's post can end that wait.
  demoteSemaphore(F, Node);
  TLS.Held.removeAt(static_cast<size_t>(Idx));
  return false;
}

void beforeSemPost(uintptr_t Addr) {
  uint32_t Node;
  uint8_t *F = lockSemaphore(Addr, &Node);
  if (!F)
    return;
  if (TLS.Held.findAddr(Addr) >= 0)
    beforeUnlock(Addr, LockKind::Semaphore, CallSite{});
  else
    demoteSemaphore(F, Node); // posted by a thread that did not wait: a signal
}

void beforeCondWait(uintptr_t Mutex, CondWaitCtx &C) {
  onBlockingWait();
  long Idx = TLS.Held.findAddr(Mutex);
  if (Idx < 0)
    return;
  C.Saved = TLS.Held[static_cast<size_t>(Idx)];
  C.Had = true;
  TLS.Held.removeAt(static_cast<size_t>(Idx));
  clearOwner(C.Saved.Node, HoldMode::Exclusive);
}

void afterCondWait(CondWaitCtx &C) {
  if (!C.Had)
    return;
  if (!TLS.Held.push(C.Saved))
    warnOutOfMemory();
  setOwner(C.Saved.Node, HoldMode::Exclusive, C.Saved.Stack);
}


void wakeWatchdog() {
  __atomic_add_fetch(&WatchdogWake, 1, __ATOMIC_RELEASE);
  syscall(SYS_futex, &WatchdogWake, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

void countThreadStart() {
  if (TLS.Live)
    return;
  TLS.Live = 1;
  TLS.StartNs = monotonicNs();
  __atomic_add_fetch(&LiveThreadStartNs, TLS.StartNs, __ATOMIC_RELAXED);
  __atomic_add_fetch(&LiveThreads, 1, __ATOMIC_ACQ_REL);
}

uint64_t EndedThreadNs, LiveThreadStartNs;

uint64_t threadTimeNs(uint64_t Now) {
  uint64_t Live = uint64_t(__atomic_load_n(&LiveThreads, __ATOMIC_ACQUIRE));
  uint64_t Starts = __atomic_load_n(&LiveThreadStartNs, __ATOMIC_RELAXED);
  uint64_t Running = Live * Now > Starts ? Live * Now - Starts : 0;
  return __atomic_load_n(&EndedThreadNs, __ATOMIC_RELAXED) + Running;
}

void countThreadExit() {
  if (!TLS.Live)
    return;
  TLS.Live = 0;
  uint64_t Now = monotonicNs();
  __atomic_add_fetch(&EndedThreadNs, Now - TLS.StartNs, __ATOMIC_RELAXED);
  __atomic_sub_fetch(&LiveThreadStartNs, TLS.StartNs, __ATOMIC_RELAXED);
  if (__atomic_sub_fetch(&LiveThreads, 1, __ATOMIC_ACQ_REL) == 0) {
    __atomic_store_n(&LastThreadKernelId, static_cast<int>(gettid()), __ATOMIC_RELEASE);
    wakeWatchdog();
  }
}

void beforeAbort() {
  if (getpid() != ProcessPid)
    return; // a vfork child: the held sets are its parent's
  ThreadState &T = TLS;
  dropSemaphores(T);
  dropUntracked(T);
  if (!T.Held.empty() && Opts.detect_lock_leak)
    reportLockLeak(T.Held, "abort");
  sayRepeats();
  traceFlush(true);
}

void onThreadExit() {
  ThreadState &T = TLS;
  dropSemaphores(T);
  dropUntracked(T);
  if (!T.Held.empty() && Opts.detect_lock_leak)
    reportLockLeak(T.Held, "thread-exit");
  T.Held.release();
  if (ThreadInfo *I = T.TidSet && T.Segment ? Threads.get(T.Tid, false) : nullptr)
    __atomic_store_n(&I->LastSegment, T.Segment, __ATOMIC_RELEASE);
  // Locks still held keep this thread as owner: a wait for one of them is orphaned.
  if (Opts.detect_deadlock && T.TidSet)
    if (WaitRecord *R = Waits.get(T.Tid, true))
      __atomic_store_n(&R->Exited, 1, __ATOMIC_RELEASE);
  if (T.Scratch)
    pageFree(T.Scratch, T.ScratchCap * sizeof(uint32_t));
  T.Scratch = nullptr;
  T.ScratchCap = 0;
  if (T.EdgeScratch)
    pageFree(T.EdgeScratch, T.EdgeScratchCap * sizeof(uint32_t));
  T.EdgeScratch = nullptr;
  T.EdgeScratchCap = 0;
  countThreadExit();
}

void forkPrepare() {
  ++TLS.InRuntime; // atfork handlers run after ours in this thread: not observed
  OutputLock.lock();
  GraphLock.lock();
}

void forkParent() {
  GraphLock.unlock();
  OutputLock.unlock();
  --TLS.InRuntime;
}

void forkChild() {
  // Only this thread exists in the child. Other threads' held sets lived in their
  // TLS and are gone with them; the graph stays (the child inherits the history).
  GraphLock.reset();
  OutputLock.reset();
  reportsAfterFork();
  spinningAfterFork();
  traceForkChild();
  // The other threads (the watchdog among them) did not survive the fork: their waits
  // are void, and the locks they held stay locked in the child for good, so they count
  // as exited owners. The watchdog starts again with the child's first thread (not
  // here: the program's own atfork handlers, its allocator's among them, have not run).
  uint32_t Self = currentTid(), N = __atomic_load_n(&NextTid, __ATOMIC_RELAXED);
  for (uint32_t Tid = 0; Tid < N; ++Tid)
    if (WaitRecord *R = Tid == Self ? nullptr : Waits.get(Tid, true)) {
      R->Node = 0;
      R->JoinTid = 0;
      R->Exited = 1;
      R->ForkedAway = 1;
    }
  WatchdogStarted = 0;
  // The forking thread is the child's only thread, whether or not it was counted.
  LiveThreads = 1;
  TLS.Live = 1;
  // The parent's trace holds the statistics so far: the child's counts its own.
  TLS.StartNs = monotonicNs();
  LiveThreadStartNs = TLS.StartNs;
  EndedThreadNs = 0;
  for (uint32_t Node = 1, Nodes = Table.nodeCount(); Node <= Nodes; ++Node)
    if (LockRecord *R = LockRecords.get(Node, false))
      R->Stats = LockStat{};
  WaiterSites.clear();
  HolderSites.clear();
  // The child's exit status answers for its own findings, not its parent's.
  ReportCount = 0;
  ProcessPid = getpid();
  --TLS.InRuntime;
  if (Opts.verbosity >= 1)
    message("fork: child continues with this thread only");
}

} // namespace rt
} // namespace lockgraph
