// The runtime's shared state and the internal interface between its files
// (Runtime.cpp: init and hooks; Output.cpp; Stacks.cpp; Reports.cpp; Watchdog.cpp;
// Threads.cpp). All of it is zero- or constant-initialized: no global constructors.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../core/ChunkedArray.h"
#include "../core/LockGraph.h"
#include "../core/LockTable.h"
#include "../core/LockStats.h"
#include "../core/Options.h"
#include "../core/StackDepot.h"
#include "../core/ThreadSegments.h"
#include "../core/TraceWriter.h"
#include "Runtime.h"
#include "RuntimeLock.h"

namespace lockgraph {
namespace rt {

class Writer;

extern ThreadSegments Segments; // happens-before from create and join
// The calling thread's current segment, starting one for a thread seen first now.
uint32_t currentSegment();
extern RuntimeLock GraphLock;  // guards Table (writers), Graph (writers), Depot
extern RuntimeLock OutputLock; // serializes writes of whole reports
extern LockTable Table;
extern LockGraph Graph;
extern StackDepot Depot;
extern Options Opts;
extern uint32_t NextTid;
extern int ReportCount;
extern int ExitStatus; // last status seen by exit() or returned by main

//
// For the deadlock watchdog: per thread, the lock it is blocked on (a wait record);
// per lock node, its owner. Both live in two-level arrays whose chunks are mmap'd on
// first use and never freed, so the hot paths touch them with atomics only (no
// runtime lock); the watchdog reads them the same way.



// Written only by its own thread. Episode is odd while the record is rewritten
// (a seqlock): the watchdog keeps only snapshots taken between two equal even values.
struct WaitRecord {
  uint64_t Episode;
  uintptr_t Addr;
  uint32_t Node;    // 0: not waiting for a lock
  uint32_t Stack;   // where the wait started (depot id)
  uint32_t Shared;  // waits for the read side of an rwlock
  uint32_t Exited;  // the thread has exited
  uint32_t ForkedAway; // a parent's thread that does not exist in this forked child
  uint32_t JoinTid; // waits in pthread_join for thread JoinTid - 1 (0: not joining)
  uint64_t StartNs;    // when the lock wait began (starvation)
  uint64_t AcqAtStart; // the lock's acquisitions then, both sides (starvation)
};

// Owner word of a lock node: low half 0 when no owner is known, else
// (tid + 1) | kOwnerShared when held for reading (then it names some reader, the
// latest one); high half the depot id of the stack where the owner acquired it.
constexpr uint32_t kOwnerShared = 0x80000000u;

// The program's threads that have not exited: the initial one, and those started
// through pthread_create/thrd_create. When the last one exits (main called
// pthread_exit, a forked child's only thread returned), the runtime's own threads
// must not keep the process alive: the watchdog ends it as glibc would, with exit(0).
extern int LiveThreads;
// Kernel id of the thread that brought LiveThreads to 0 (gone once its /proc entry is).
extern int LastThreadKernelId;
// Bumped (and futex-woken) to wake the watchdog before its tick.
extern int WatchdogWake;
void wakeWatchdog();
// A program thread starts (ThreadState::Live) or exits.
void countThreadStart();
void countThreadExit();

extern ChunkedArray<WaitRecord> Waits; // by thread id
// Per lock node: its owner word (above) and its statistics, side by side so that an
// acquisition and a release touch one record.
struct alignas(128) LockRecord {
  uint64_t Owner;
  LockStat Stats;
};
extern ChunkedArray<LockRecord> LockRecords; // by lock node
// Both sides, as another thread sees them (starvation).
inline uint64_t acquisitionsOf(const LockRecord &R) {
  return __atomic_load_n(&R.Stats.Acquisitions, __ATOMIC_RELAXED) +
         __atomic_load_n(&R.Stats.SharedAcquisitions, __ATOMIC_RELAXED);
}
inline uint64_t *ownerWord(uint32_t Node, bool Create) {
  LockRecord *R = Node ? LockRecords.get(Node, Create) : nullptr;
  return R ? &R->Owner : nullptr;
}
extern int WatchdogStarted;

inline __attribute__((always_inline)) void setOwner(LockRecord *R, HoldMode Mode,
                                                   uint32_t Stack) {
  if (!R || !Opts.detect_deadlock)
    return;
  uint32_t Who = (currentTid() + 1) | (Mode == HoldMode::Shared ? kOwnerShared : 0);
  __atomic_store_n(&R->Owner, uint64_t(Stack) << 32 | Who, __ATOMIC_RELEASE);
}
inline void setOwner(uint32_t Node, HoldMode Mode, uint32_t Stack) {
  setOwner(Node ? LockRecords.get(Node, true) : nullptr, Mode, Stack);
}

inline __attribute__((always_inline)) void clearOwner(LockRecord *R, HoldMode Mode) {
  if (!R || !Opts.detect_deadlock)
    return;
  uint64_t *O = &R->Owner;
  if (Mode == HoldMode::Exclusive) {
    __atomic_store_n(O, 0, __ATOMIC_RELEASE);
    return;
  }
  uint64_t Cur = __atomic_load_n(O, __ATOMIC_ACQUIRE); // only if we are "the reader"
  if (uint32_t(Cur) == ((currentTid() + 1) | kOwnerShared))
    __atomic_compare_exchange_n(O, &Cur, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}
inline void clearOwner(uint32_t Node, HoldMode Mode) {
  clearOwner(Node ? LockRecords.get(Node, false) : nullptr, Mode);
}


// Per lock node: kNotALock once a semaphore showed it is used for signalling.
constexpr uint8_t kSemaphoreLock = 1, kNotALock = 2;
extern ChunkedArray<uint8_t> NodeFlags;
inline bool notALock(uint32_t Node) {
  const uint8_t *F = Node ? NodeFlags.get(Node, false) : nullptr;
  return F && (__atomic_load_n(F, __ATOMIC_ACQUIRE) & kNotALock);
}
// A semaphore (tracked as a lock or not): it has no owner, so a thread may end with it
// taken, or destroy it taken, and another thread post it: never a leak.
inline bool isSemaphore(uint32_t Node) {
  const uint8_t *F = Node ? NodeFlags.get(Node, false) : nullptr;
  return F && (__atomic_load_n(F, __ATOMIC_ACQUIRE) & kSemaphoreLock);
}

// Threads.cpp: what reports say about a thread. By thread id; written by the thread
// itself (and by its creator before it runs), read by reports at any time.
struct ThreadInfo {
  uintptr_t Handle;     // its pthread_t, 0 until known
  uint32_t Parent;      // creator's id + 1; 0 for threads we did not see created
  uint32_t CreateStack; // where pthread_create was called
  uint32_t Detached;
  uint32_t LastSegment; // its segment when it exited (what a join learns), 0 before
  char Name[16];        // pthread_setname_np; "" when never named
};
extern ChunkedArray<ThreadInfo> Threads;
// "T3" or T3 "name".
void threadLabel(Writer &W, uint32_t Tid);
// "thread T3 "name" created by T0 at:" and the stack; the main thread says so.
void threadOrigin(Writer &W, uint32_t Tid);
// The id of the live thread with this pthread_t, or kNoThreadId.
constexpr uint32_t kNoThreadId = 0xffffffffu;
uint32_t threadByHandle(uintptr_t Handle);

// The stack of a call made at S (the thread's call-site cache; Runtime.cpp).
uint32_t stackAtSite(const CallSite &S);

// Stacks.cpp
// The current stack, the program's frames only (at most stack_depth).
uint32_t captureStack(uintptr_t *Out);
// Interns Frames in the depot (takes GraphLock).
uint32_t internStack(const uintptr_t *Frames, uint32_t N);
// Unwinds the current stack and interns it.
uint32_t currentStack();
// Finds the preload library's own code range (its frames are left out of stacks).
void locateSelf();
// A depot stack (takes GraphLock: the depot's index may grow; frames never move).
const uintptr_t *depotGet(uint32_t Id, uint32_t *N);

// Reports.cpp
const char *kindName(LockKind K, HoldMode M);
void lockName(Writer &W, uint32_t Node, uintptr_t Addr);
// A cycle copied out of the graph under GraphLock, printed after it is released.
struct CycleEdge {
  uint32_t From, To, Thread;
  uintptr_t FromAddr, ToAddr;
  uint32_t StackFromId, StackToId;
  const uintptr_t *StackFrom, *StackTo;
  uint32_t NFrom, NTo;
};
struct PendingCycle {
  CycleEdge *Edges;
  size_t Len, FullLen;
};
constexpr size_t kMaxCycleEdges = 64;
extern const Edge *CyclePath[kMaxCycleEdges]; // guarded by GraphLock
bool snapshotCycle(const Edge *const *Path, size_t Len, size_t FullLen, PendingCycle &Out);
void reportCycle(PendingCycle &P);
void reportDoubleLock(LockKind Kind, HoldMode Mode, const HeldLock &H,
                      const uintptr_t *Cur, uint32_t NCur);
void reportBadUnlock(LockKind Kind, uintptr_t Addr, uint32_t Node, const uintptr_t *Cur,
                     uint32_t NCur);
// Reason: "thread-exit" (the thread ends holding them) or "abort" (the process does).
void reportLockLeak(const HeldSet &Held, const char *Reason);
void reportDestroyedHeld(const HeldLock &H, uint32_t Owner, const uintptr_t *Cur,
                         uint32_t NCur);
// At exit: how many reports were repeats of one already printed (once).
void sayRepeats();
// In a fork child: the repeat table's lock is free (a parent thread may have held it).
void reportsAfterFork();
// The busy waits, livelocks (Spinning.cpp) and starvation (Watchdog.cpp) found.
void reportBusyWait(const BusyWaitFacts &F);
struct LivelockThreadRec {
  uint32_t Thread, Holds, WaitsFor, Owner, WaitStack, HoldStack;
  uint64_t Rounds; // its failed trylocks in a row
};
void reportLivelock(const LivelockThreadRec *Threads, size_t N);
void reportStarvation(uint32_t Thread, const StarvationFacts &F);

// Per (lock, stack): waits at the site that waited, and at the site that held it.
extern SiteStats WaiterSites, HolderSites;
// About one hold in kHoldSamplePeriod of each lock is timed (Runtime.cpp sampledHold).
constexpr uint32_t kHoldSamplePeriod = 64;
// Thread time for the contention threshold: the lifetimes of the program's threads
// that ended, and the start times of those still running (Threads.cpp).
extern uint64_t EndedThreadNs, LiveThreadStartNs;
inline uint64_t monotonicNs() {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return static_cast<uint64_t>(T.tv_sec) * 1000000000u + static_cast<uint64_t>(T.tv_nsec);
}
uint64_t threadTimeNs(uint64_t Now);

// Per lock node: its kind and first-use stack, for the trace.
struct LockMeta {
  LockKind Kind;
  uint32_t Stack;
};
extern ChunkedArray<LockMeta> LockMetas;

// Suppress.cpp: the suppressions= file, matched against each frame's function name
// (dladdr: exported symbols only) and module path. true when the finding is dropped.
void loadSuppressions();
bool suppressed(const char *Rule, const uintptr_t *Frames, uint32_t N);

// Watchdog.cpp
void *watchdogMain(void *);

} // namespace rt
} // namespace lockgraph
