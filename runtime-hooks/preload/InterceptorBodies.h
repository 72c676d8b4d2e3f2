// The bodies every lock interceptor shares: hooks off -> straight to the real
// function; otherwise before-hook, real call, after-hook, return code unchanged.
// Parameterized by the family's return codes (pthread, C11 threads, semaphores) so
// each interceptor file stays a list of thin exported functions.
#pragma once

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>

#include "Runtime.h"
#include "Spinning.h"

namespace lockgraph {
namespace rt {

// Lazily resolved next definition of a function for the interceptor families that
// dlsym and malloc never call (the pthread family has fallbacks for that case).
template <typename F> inline F nextSymbol(F &Slot, const char *Name) {
  F P = __atomic_load_n(&Slot, __ATOMIC_ACQUIRE);
  if (__builtin_expect(!P, 0)) {
    RuntimeScope Scope;
    P = reinterpret_cast<F>(dlsym(RTLD_NEXT, Name));
    __atomic_store_n(&Slot, P, __ATOMIC_RELEASE);
  }
  return P;
}

#define LG_NEXT(name, ...)                                                             \
  using Type_##name = __VA_ARGS__;                                                     \
  Type_##name Next_##name;                                                             \
  Type_##name next_##name() { return nextSymbol(Next_##name, #name); }

inline uintptr_t addr(const volatile void *P) { return reinterpret_cast<uintptr_t>(P); }

// pthread return codes: 0 or EOWNERDEAD (a robust mutex whose owner died) mean the
// lock was acquired; EBUSY from a trylock means it is taken.
struct PthreadCodes {
  static bool acquired(int Rc) { return Rc == 0 || Rc == EOWNERDEAD; }
  static bool busy(int Rc) { return Rc == EBUSY; }
};

// Shared body of every blocking acquisition. The lock is tried first: only when it
// is taken does the thread publish a wait (for the deadlock watchdog) and block, so
// an uncontended acquisition costs a trylock and the lock-free checks.
template <bool Timed = false, typename Codes = PthreadCodes, typename TryCall, typename Call>
int blockingLock(const volatile void *L, LockKind Kind, HoldMode Mode, unsigned Traits,
                 const CallSite &Site, TryCall Try, Call Real) {
  if (!hooksActive())
    return Real();
  AcquireCtx C;
  C.Timed = Timed;
  C.Site = Site;
  {
    RuntimeScope Scope;
    beforeLock(addr(L), Kind, Mode, Traits, C);
  }
  int Rc;
  if (C.Reentry) {
    // Recursive re-entry, or a double lock: the real function decides. A double lock
    // that blocks waits for the thread itself: the watchdog ends the process then.
    if (C.SelfWait) {
      RuntimeScope Scope;
      beginWait(addr(L), Mode, C);
      startWatchdog();
    }
    Rc = Real();
  } else {
    Rc = Try();
    if (Codes::busy(Rc)) {
      {
        RuntimeScope Scope;
        beginWait(addr(L), Mode, C);
      }
      Rc = Real();
    }
  }
  if (C.Waiting || C.WaitStartNs || Codes::acquired(Rc)) {
    RuntimeScope Scope;
    endWait(C); // before afterLock: a thread that holds the lock no longer waits
    if (Codes::acquired(Rc))
      afterLock(addr(L), Kind, Mode, C);
  }
  return Rc;
}

template <typename Codes = PthreadCodes, typename Call>
int tryLock(const volatile void *L, LockKind Kind, HoldMode Mode, const CallSite &Site,
            Call Real) {
  if (!hooksActive())
    return Real();
  int Rc = Real();
  if (Codes::acquired(Rc)) {
    RuntimeScope Scope;
    AcquireCtx C;
    C.Site = Site;
    C.ByTry = true;
    afterLock(addr(L), Kind, Mode, C);
    onTrySucceeded(C.Node);
  } else if (Codes::busy(Rc)) {
    int Saved = errno; // sem_trywait's EAGAIN is the caller's
    {
      RuntimeScope Scope;
      onTryFailed(addr(L), Site); // a trylock spin or a livelock, maybe (Spinning.h)
    }
    errno = Saved;
  }
  return Rc;
}

template <typename Call>
int unlock(const volatile void *L, LockKind Kind, const CallSite &Site, Call Real) {
  if (hooksActive()) {
    RuntimeScope Scope;
    beforeUnlock(addr(L), Kind, Site);
  }
  return Real();
}

template <typename Call>
int lifetime(const volatile void *L, bool Destroy, const CallSite &Site, Call Real) {
  if (hooksActive()) {
    RuntimeScope Scope;
    onLockLifetime(addr(L), Destroy, Site);
  }
  return Real();
}

// A condition wait: the mutex is not held while the thread waits, and is held again
// when the real function returns (also on a timeout).
template <typename Call> int condWait(const volatile void *Mutex, Call Real) {
  if (!hooksActive())
    return Real();
  CondWaitCtx W;
  {
    RuntimeScope Scope;
    beforeCondWait(addr(Mutex), W);
  }
  int Rc = Real();
  RuntimeScope Scope;
  afterCondWait(W);
  return Rc;
}

// Shared body of pthread_create and thrd_create: the new thread starts in Start (the
// runtime's trampoline) with the runtime's StartArgs, so its threads and segments are
// known before it runs. Call(Start, S) makes the real call; Ok tells success.
template <typename StartFn, typename Handle, typename Call, typename OkFn>
int interceptCreate(Handle *T, StartFn UserFn, void *Arg, StartFn Start, Call Real, OkFn Ok) {
  StartArgs *S = hooksActive() ? beginCreate(reinterpret_cast<void *>(UserFn), Arg) : nullptr;
  if (!S)
    return Real(UserFn, Arg);
  uint32_t Tid = S->Tid; // the new thread frees S, maybe before Real returns
  int Rc = Real(Start, S);
  endCreate(S, Tid, Ok(Rc), Ok(Rc) ? static_cast<uintptr_t>(*T) : 0);
  return Rc;
}

// Shared body of pthread_join and thrd_join: a wait for the watchdog while it blocks,
// and the happens-before from the joined thread's end once it succeeded.
template <typename Call, typename OkFn> int interceptJoin(uintptr_t T, Call Real, OkFn Ok) {
  if (!hooksActive())
    return Real();
  JoinCtx C;
  {
    RuntimeScope Scope;
    beginJoin(T, C);
  }
  int Rc = Real();
  RuntimeScope Scope;
  endJoin(C, Ok(Rc));
  return Rc;
}

} // namespace rt
} // namespace lockgraph
