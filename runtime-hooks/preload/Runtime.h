// The runtime behind the interceptors: per-thread state, the hooks the interceptors
// call before and after the real pthread function, and report output.
//
// Every hook is entered with ThreadState::InRuntime raised by the interceptor
// (RuntimeScope), so locks taken by our own work (unwinding, dladdr, writing) are not
// observed. Hooks never call malloc and never call an intercepted function.
#pragma once

#include <cstdint>

#include "../core/HeldSet.h"
#include "../core/Options.h"
#include "SpinState.h"

namespace lockgraph {
namespace rt {

// Semaphore: a sem_t initialized to 1 and used as a lock. C11Mutex: mtx_t (glibc
// calls its pthread code internally, so C11 threads are intercepted separately).
enum class LockKind : uint8_t { Mutex, RwLock, Spin, Semaphore, C11Mutex };

// Where the program called an intercepted function: the return address into its
// code and the interceptor's own frame address (how deep the stack was). A call site
// seen before by the thread reuses the stack unwound then (see siteStack), so the
// hot path never unwinds. Taken by LG_CALL_SITE() in the exported function itself.
struct CallSite {
  uintptr_t Pc;
  uintptr_t Frame;
};
#define LG_CALL_SITE()                                                                 \
  ::lockgraph::rt::CallSite {                                                          \
    reinterpret_cast<uintptr_t>(__builtin_return_address(0)),                          \
        reinterpret_cast<uintptr_t>(__builtin_frame_address(0))                        \
  }

// One slot of the per-thread call-site cache: site -> stack-depot id.
struct SiteSlot {
  uintptr_t Pc, Frame;
  uint32_t Stack;
};
constexpr size_t kSiteSlots = 128; // direct-mapped; 3 KiB of TLS per thread

struct ThreadState {
  int InRuntime;
  int TidSet;
  int Live; // counted in LiveThreads (RuntimeState.h) until it exits
  uint32_t Segment; // its current segment (core/ThreadSegments.h), 0 until first needed
  uint32_t Tid;
  uint32_t Acquisitions; // locks this thread took: a poll takes none between pauses
  HeldSet Held;
  uint32_t *Scratch; // node ids of Held, rebuilt per acquisition
  size_t ScratchCap;
  uint32_t *EdgeScratch; // an acquisition's new edges for the trace (from, stacks)
  size_t EdgeScratchCap;
  SiteSlot Sites[kSiteSlots];
  uint64_t StartNs; // when the thread started (thread time)
  SpinState Spin;   // busy-wait streaks (Spinning.h)
};

extern __thread ThreadState TLS __attribute__((tls_model("initial-exec")));

struct RuntimeScope {
  RuntimeScope() { ++TLS.InRuntime; }
  ~RuntimeScope() { --TLS.InRuntime; }
  RuntimeScope(const RuntimeScope &) = delete;
  RuntimeScope &operator=(const RuntimeScope &) = delete;
};

// Initializes on first use (options, real functions, stack unwinder, atexit/atfork).
void ensureInit();
extern int InitState; // 0 not started, 1 in progress, 2 done
// true when hooks should run for this call: initialized and not inside our own work.
inline bool hooksActive() {
  if (TLS.InRuntime)
    return false;
  if (__builtin_expect(__atomic_load_n(&InitState, __ATOMIC_ACQUIRE) != 2, 0))
    ensureInit();
  return __atomic_load_n(&InitState, __ATOMIC_ACQUIRE) == 2 && !TLS.InRuntime;
}
const Options &options();

// What beforeLock learned, handed to the wait hooks and afterLock.
struct AcquireCtx {
  CallSite Site{};
  uint32_t Node = 0;
  uint32_t Stack = 0;   // the acquisition's stack once beforeLock looked it up, else 0
  bool Reentry = false; // already held by this thread: count it, no new entry
  bool SelfWait = false; // a blocking double lock: it may wait for this thread forever
  bool Timed = false;   // timed acquisition: it cannot wait forever, no wait record
  bool ByTry = false;   // trylock: held like any lock, but no edge leads into it
  bool ReaderPreferring = false; // see kReaderPreferring
  bool Waiting = false; // beginWait published a wait record (see endWait)
  uint64_t WaitStartNs = 0;
  uint32_t WaitStack = 0;   // where this thread waits (contended path only)
  uint32_t HolderStack = 0; // where the owner took it, when known
};

// Blocking acquisition (lock, timedlock, rdlock, wrlock): double-lock check, edges
// from every held lock, cycle check. Called before the real function. Lock-free when
// the lock and all its edges are known (the steady state).
// Traits of the lock being requested, read from the lock itself by the interceptor.
constexpr unsigned kRecursive = 1;        // re-entry by the owner is allowed
constexpr unsigned kReaderPreferring = 2; // an rwlock that grants readers past queued writers
void beforeLock(uintptr_t Addr, LockKind Kind, HoldMode Mode, unsigned Traits,
                AcquireCtx &C);
// The interceptor tries the lock first; only when it is taken does the thread wait:
// beginWait publishes the wait for the deadlock watchdog and counts the contention.
void beginWait(uintptr_t Addr, HoldMode Mode, AcquireCtx &C);
// The real function acquired the lock (blocking or try).
void afterLock(uintptr_t Addr, LockKind Kind, HoldMode Mode, AcquireCtx &C);
// The real blocking call returned (acquired or not): clears the wait record.
void endWait(AcquireCtx &C);
// Before the real unlock: bad-unlock check, held-set update.
void beforeUnlock(uintptr_t Addr, LockKind Kind, const CallSite &Site);
// init and destroy end the address's generation; destroying a held lock is a leak.
void onLockLifetime(uintptr_t Addr, bool Destroy, const CallSite &Site);

// Semaphores: a sem_t initialized to 1 is tracked as a lock (sem_wait acquires,
// sem_post releases) for as long as it behaves like one. A post by a thread that
// does not hold it, or a second wait by its holder, shows it is a signal: it is then
// no longer tracked, and nothing about it is reported.
void onSemInit(uintptr_t Addr, unsigned Value);
// true when the semaphore is tracked as a lock (call before sem_wait and friends).
bool semaphoreIsLock(uintptr_t Addr);
void beforeSemPost(uintptr_t Addr);

// Condition waits: the mutex is not held during the wait.
struct CondWaitCtx {
  HeldLock Saved;
  bool Had = false;
};
void beforeCondWait(uintptr_t Mutex, CondWaitCtx &C);
void afterCondWait(CondWaitCtx &C);

// Thread lifetime. pthread_create: the creator reserves the new thread's id and
// records where it was created (prepareThread), learns its handle once created
// (onThreadCreated); the start wrapper adopts the id (onThreadStart); the wrapper's
// return and pthread_exit end it (onThreadExit).
uint32_t prepareThread();
// What a start wrapper needs (pthread_create and thrd_create), from a free list in
// mmap'd memory: the thread may start before or after pthread_create returns.
struct StartArgs {
  void *Fn; // void *(*)(void *) or, for thrd_create, int (*)(void *)
  void *Arg;
  uint32_t Tid;
  uint32_t Segment; // the new thread's first segment
  StartArgs *NextFree;
};
// pthread_create and thrd_create around the real call: beginCreate reserves the new
// thread's id and its start arguments (null: out of memory, create it untracked);
// endCreate records the handle, or gives the arguments back when creation failed.
StartArgs *beginCreate(void *Fn, void *Arg);
void endCreate(StartArgs *S, uint32_t Tid, bool Created, uintptr_t Handle);
// In the start wrapper: adopts the reserved id and frees the arguments; returns the
// thread's own function, with its argument in *Arg.
void *adoptThread(StartArgs *A, void **Arg);
void onThreadCreated(uint32_t Tid, uintptr_t Handle);
void onThreadStart(uint32_t Tid);
void onThreadExit();
// The calling thread's id (assigned on first use for threads we did not create).
uint32_t assignTid();
inline uint32_t currentTid() { return __builtin_expect(TLS.TidSet, 1) ? TLS.Tid : assignTid(); }
void onThreadName(uintptr_t Handle, const char *Name);
void onThreadDetach(uintptr_t Handle);
// pthread_join: published as a wait for the deadlock watchdog (a thread joining a
// thread that waits for a lock the joiner holds never returns).
// A join that returns also orders the joiner after everything the joined thread did
// (core/ThreadSegments.h).
struct JoinCtx {
  bool Waiting = false;
  uint32_t Target = 0xffffffffu; // the joined thread's id, kNoThreadId when unknown
};
void beginJoin(uintptr_t Handle, JoinCtx &C);
void endJoin(JoinCtx &C, bool Joined);

// Fork: prepare/parent/child run from pthread_atfork handlers.
void forkPrepare();
void forkParent();
void forkChild();

// Deadlock watchdog (and trace flusher): started by the program's first
// pthread_create or thrd_create (a wait-for cycle needs two threads), or at load when
// the process is traced; never from inside a lock hook or a fork handler.
void startWatchdog();

// Exit status bookkeeping for the exitcode option.
void noteExitStatus(int Status);
// _exit/_Exit: the exitcode option applies as for exit(); the trace gets its end.
int beforeImmediateExit(int Status);
// abort(): the calling thread's held locks are reported (lock-leak), the trace flushed.
void beforeAbort();
// exec*: the trace is completed (end "exec") and flushed; the new image, preloaded
// again through the environment, writes its own file. Should exec fail, the file
// continues and a later end record supersedes this one.
void beforeExec();

} // namespace rt
} // namespace lockgraph

namespace lockgraph {
namespace rt {
// Interceptors.cpp: resolves the real functions with dlsym(RTLD_NEXT); safe to call
// more than once. Called from ensureInit.
void resolveRealFunctions();
// Starts a detached thread of the runtime's own with the real pthread_create.
int createInternalThread(void *(*Fn)(void *));
} // namespace rt
} // namespace lockgraph
