// Interceptors for POSIX semaphores used as locks and for C11 <threads.h> mutexes.
// glibc implements mtx_* and cnd_* on its internal pthread functions, which never
// pass through our pthread interceptors, so C11 gets its own. Neither family is used
// by dlsym or malloc, so the real functions are resolved lazily with plain dlsym.
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <threads.h>
#include <time.h>

#include "InterceptorBodies.h"
#include "Runtime.h"

using namespace lockgraph::rt;

#define LG_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

LG_NEXT(sem_init, int (*)(sem_t *, int, unsigned))
LG_NEXT(sem_destroy, int (*)(sem_t *))
LG_NEXT(sem_wait, int (*)(sem_t *))
LG_NEXT(sem_trywait, int (*)(sem_t *))
LG_NEXT(sem_timedwait, int (*)(sem_t *, const struct timespec *))
LG_NEXT(sem_clockwait, int (*)(sem_t *, clockid_t, const struct timespec *))
LG_NEXT(sem_post, int (*)(sem_t *))
LG_NEXT(mtx_init, int (*)(mtx_t *, int))
LG_NEXT(mtx_destroy, void (*)(mtx_t *))
LG_NEXT(mtx_lock, int (*)(mtx_t *))
LG_NEXT(mtx_trylock, int (*)(mtx_t *))
LG_NEXT(mtx_timedlock, int (*)(mtx_t *, const struct timespec *))
LG_NEXT(mtx_unlock, int (*)(mtx_t *))
LG_NEXT(cnd_wait, int (*)(cnd_t *, mtx_t *))
LG_NEXT(cnd_timedwait, int (*)(cnd_t *, mtx_t *, const struct timespec *))
LG_NEXT(thrd_create, int (*)(thrd_t *, thrd_start_t, void *))
LG_NEXT(thrd_exit, void (*)(int))
LG_NEXT(thrd_join, int (*)(thrd_t, int *))

// sem_*: 0 acquired; -1 with EAGAIN from sem_trywait: taken. errno is kept intact
// for the caller (the hooks never change it).
struct SemCodes {
  static bool acquired(int Rc) { return Rc == 0; }
  static bool busy(int Rc) { return Rc == -1 && errno == EAGAIN; }
};

struct C11Codes {
  static bool acquired(int Rc) { return Rc == thrd_success; }
  static bool busy(int Rc) { return Rc == thrd_busy; }
};

bool tracked(sem_t *S) {
  if (!hooksActive())
    return false;
  RuntimeScope Scope;
  return semaphoreIsLock(addr(S));
}

// mtx_t is glibc's pthread_mutex_t: its kind says whether it is recursive.
unsigned c11Traits(const mtx_t *M) {
  return (reinterpret_cast<const pthread_mutex_t *>(M)->__data.__kind & 3) ==
                 PTHREAD_MUTEX_RECURSIVE_NP
             ? kRecursive
             : 0;
}

// thrd_create's start wrapper (glibc starts C11 threads without pthread_create's
// exported entry point, so they never reach the pthread one).
int c11ThreadStart(void *P) {
  void *Arg;
  auto Fn = reinterpret_cast<int (*)(void *)>(adoptThread(static_cast<StartArgs *>(P), &Arg));
  int Result = Fn(Arg);
  RuntimeScope Scope;
  onThreadExit();
  return Result;
}

} // namespace

// ------------------------------------------------------------ semaphores

LG_EXPORT int sem_init(sem_t *S, int Shared, unsigned Value) {
  int Rc = next_sem_init()(S, Shared, Value);
  if (Rc == 0 && hooksActive()) {
    RuntimeScope Scope;
    onSemInit(addr(S), Value);
  }
  return Rc;
}

LG_EXPORT int sem_destroy(sem_t *S) {
  auto Real = next_sem_destroy();
  return lifetime(S, true, LG_CALL_SITE(), [&] { return Real(S); });
}

LG_EXPORT int sem_wait(sem_t *S) {
  auto Real = next_sem_wait();
  if (!tracked(S))
    return Real(S);
  auto Try = next_sem_trywait();
  return blockingLock<false, SemCodes>(S, LockKind::Semaphore, HoldMode::Exclusive, 0,
                                       LG_CALL_SITE(), [&] { return Try(S); },
                                       [&] { return Real(S); });
}

LG_EXPORT int sem_timedwait(sem_t *S, const struct timespec *T) {
  auto Real = next_sem_timedwait();
  if (!tracked(S))
    return Real(S, T);
  auto Try = next_sem_trywait();
  return blockingLock<true, SemCodes>(S, LockKind::Semaphore, HoldMode::Exclusive, 0,
                                      LG_CALL_SITE(), [&] { return Try(S); },
                                      [&] { return Real(S, T); });
}

LG_EXPORT int sem_clockwait(sem_t *S, clockid_t Clock, const struct timespec *T) {
  auto Real = next_sem_clockwait();
  if (!tracked(S))
    return Real(S, Clock, T);
  auto Try = next_sem_trywait();
  return blockingLock<true, SemCodes>(S, LockKind::Semaphore, HoldMode::Exclusive, 0,
                                      LG_CALL_SITE(), [&] { return Try(S); },
                                      [&] { return Real(S, Clock, T); });
}

LG_EXPORT int sem_trywait(sem_t *S) {
  auto Real = next_sem_trywait();
  if (!tracked(S))
    return Real(S);
  return tryLock<SemCodes>(S, LockKind::Semaphore, HoldMode::Exclusive, LG_CALL_SITE(),
                           [&] { return Real(S); });
}

LG_EXPORT int sem_post(sem_t *S) {
  auto Real = next_sem_post();
  if (hooksActive()) {
    RuntimeScope Scope;
    beforeSemPost(addr(S));
  }
  return Real(S);
}

// ------------------------------------------------------------ C11 mutexes

LG_EXPORT int mtx_init(mtx_t *M, int Type) {
  auto Real = next_mtx_init();
  return lifetime(M, false, LG_CALL_SITE(), [&] { return Real(M, Type); });
}

LG_EXPORT void mtx_destroy(mtx_t *M) {
  auto Real = next_mtx_destroy();
  lifetime(M, true, LG_CALL_SITE(), [&] {
    Real(M);
    return 0;
  });
}

LG_EXPORT int mtx_lock(mtx_t *M) {
  auto Real = next_mtx_lock();
  auto Try = next_mtx_trylock();
  return blockingLock<false, C11Codes>(M, LockKind::C11Mutex, HoldMode::Exclusive,
                                       c11Traits(M), LG_CALL_SITE(),
                                       [&] { return Try(M); }, [&] { return Real(M); });
}

LG_EXPORT int mtx_timedlock(mtx_t *M, const struct timespec *T) {
  auto Real = next_mtx_timedlock();
  auto Try = next_mtx_trylock();
  return blockingLock<true, C11Codes>(M, LockKind::C11Mutex, HoldMode::Exclusive,
                                      c11Traits(M), LG_CALL_SITE(),
                                      [&] { return Try(M); }, [&] { return Real(M, T); });
}

LG_EXPORT int mtx_trylock(mtx_t *M) {
  auto Real = next_mtx_trylock();
  return tryLock<C11Codes>(M, LockKind::C11Mutex, HoldMode::Exclusive, LG_CALL_SITE(),
                           [&] { return Real(M); });
}

LG_EXPORT int mtx_unlock(mtx_t *M) {
  auto Real = next_mtx_unlock();
  return unlock(M, LockKind::C11Mutex, LG_CALL_SITE(), [&] { return Real(M); });
}

LG_EXPORT int cnd_wait(cnd_t *C, mtx_t *M) {
  auto Real = next_cnd_wait();
  return condWait(M, [&] { return Real(C, M); });
}

LG_EXPORT int cnd_timedwait(cnd_t *C, mtx_t *M, const struct timespec *T) {
  auto Real = next_cnd_timedwait();
  return condWait(M, [&] { return Real(C, M, T); });
}

// ------------------------------------------------------------ C11 threads

LG_EXPORT int thrd_create(thrd_t *T, thrd_start_t Fn, void *Arg) {
  auto Real = next_thrd_create();
  return interceptCreate(
      T, Fn, Arg, static_cast<thrd_start_t>(c11ThreadStart),
      [&](thrd_start_t Start, void *P) { return Real(T, Start, P); },
      [](int Rc) { return Rc == thrd_success; });
}

// glibc's thrd_join joins past pthread_join's interceptor: a wait for the watchdog,
// and the happens-before a join gives, need their own.
LG_EXPORT int thrd_join(thrd_t T, int *Result) {
  auto Real = next_thrd_join();
  return interceptJoin(
      static_cast<uintptr_t>(T), [&] { return Real(T, Result); },
      [](int Rc) { return Rc == thrd_success; });
}

LG_EXPORT void thrd_exit(int Result) {
  auto Real = next_thrd_exit();
  if (hooksActive()) {
    RuntimeScope Scope;
    onThreadExit();
  }
  Real(Result);
  __builtin_unreachable();
}
