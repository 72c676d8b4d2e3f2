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

namespace lockgraph {
namespace rt {

enum class LockKind : uint8_t { Mutex, RwLock, Spin };

struct ThreadState {
  int InRuntime;
  int TidSet;
  uint32_t Tid;
  HeldSet Held;
  uint32_t *Scratch; // node ids of Held, rebuilt per acquisition
  size_t ScratchCap;
};

extern __thread ThreadState TLS __attribute__((tls_model("initial-exec")));

struct RuntimeScope {
  RuntimeScope() { ++TLS.InRuntime; }
  ~RuntimeScope() { --TLS.InRuntime; }
  RuntimeScope(const RuntimeScope &) = delete;
  RuntimeScope &operator=(const RuntimeScope &) = delete;
};

// true when hooks should run for this call: initialized and not inside our own work.
bool hooksActive();
// Initializes on first use (options, real functions, stack unwinder, atexit/atfork).
void ensureInit();
const Options &options();

// What beforeLock learned, handed to afterLock.
struct AcquireCtx {
  uint32_t Node = 0;
  uint32_t Stack = 0;
  bool Reentry = false; // already held by this thread: count it, no new entry
  bool Timed = false;   // timed acquisition: it cannot wait forever, no wait record
  bool Waiting = false; // beforeLock published a wait record (see endWait)
};

// Blocking acquisition (lock, timedlock, rdlock, wrlock): double-lock check, edges
// from every held lock, cycle check. Called before the real function.
void beforeLock(uintptr_t Addr, LockKind Kind, HoldMode Mode, bool Recursive,
                AcquireCtx &C);
// The real function acquired the lock (blocking or try).
void afterLock(uintptr_t Addr, LockKind Kind, HoldMode Mode, AcquireCtx &C);
// The real blocking call returned (acquired or not): clears the wait record.
void endWait(AcquireCtx &C);
// Before the real unlock: bad-unlock check, held-set update.
void beforeUnlock(uintptr_t Addr, LockKind Kind);
// init and destroy end the address's generation.
void onLockLifetime(uintptr_t Addr);

// Condition waits: the mutex is not held during the wait.
struct CondWaitCtx {
  HeldLock Saved;
  bool Had = false;
};
void beforeCondWait(uintptr_t Mutex, CondWaitCtx &C);
void afterCondWait(CondWaitCtx &C);

// Thread lifetime (from the pthread_create start wrapper and pthread_exit).
void onThreadStart();
void onThreadExit();
uint32_t currentTid();

// Fork: prepare/parent/child run from pthread_atfork handlers.
void forkPrepare();
void forkParent();
void forkChild();

// Deadlock watchdog: started by the program's first pthread_create (a wait-for
// cycle needs two threads), so it never starts inside a lock hook.
void startWatchdog();

// Exit status bookkeeping for the exitcode option.
void noteExitStatus(int Status);

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
