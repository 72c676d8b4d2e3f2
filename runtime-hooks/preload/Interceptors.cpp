// The interposed pthread functions. Each one is thin: resolve the real function,
// pass straight through when hooks are off (inside our own work, or before init),
// otherwise before-hook, real call, after-hook. Return codes pass through unchanged.
//
// Real functions come from dlsym(RTLD_NEXT) (dlvsym for the versioned condition
// variable functions). dlsym itself may call malloc, and a malloc may take a lock we
// intercept; while resolving, such calls go to a fallback: glibc's exported
// __pthread_* aliases, a spinlock matching glibc's layout, or for condition waits a
// spurious wake-up (unlock, yield, lock), which POSIX allows.
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "../core/Arena.h"
#include "InterceptorBodies.h"
#include "Runtime.h"
#include "RuntimeLock.h"

using namespace lockgraph::rt;

// glibc exports its implementations also as __pthread_* (version GLIBC_2.2.5 only, not
// the default version, so they are bound explicitly with .symver). We never define
// these names, so they are the real code even while dlsym is still running.
extern "C" {
int lg_glibc_mutex_lock(pthread_mutex_t *);
__asm__(".symver lg_glibc_mutex_lock,__pthread_mutex_lock@GLIBC_2.2.5");
int lg_glibc_mutex_trylock(pthread_mutex_t *);
__asm__(".symver lg_glibc_mutex_trylock,__pthread_mutex_trylock@GLIBC_2.2.5");
int lg_glibc_mutex_unlock(pthread_mutex_t *);
__asm__(".symver lg_glibc_mutex_unlock,__pthread_mutex_unlock@GLIBC_2.2.5");
int lg_glibc_mutex_init(pthread_mutex_t *, const pthread_mutexattr_t *);
__asm__(".symver lg_glibc_mutex_init,__pthread_mutex_init@GLIBC_2.2.5");
int lg_glibc_mutex_destroy(pthread_mutex_t *);
__asm__(".symver lg_glibc_mutex_destroy,__pthread_mutex_destroy@GLIBC_2.2.5");
int lg_glibc_rwlock_rdlock(pthread_rwlock_t *);
__asm__(".symver lg_glibc_rwlock_rdlock,__pthread_rwlock_rdlock@GLIBC_2.2.5");
int lg_glibc_rwlock_wrlock(pthread_rwlock_t *);
__asm__(".symver lg_glibc_rwlock_wrlock,__pthread_rwlock_wrlock@GLIBC_2.2.5");
int lg_glibc_rwlock_tryrdlock(pthread_rwlock_t *);
__asm__(".symver lg_glibc_rwlock_tryrdlock,__pthread_rwlock_tryrdlock@GLIBC_2.2.5");
int lg_glibc_rwlock_trywrlock(pthread_rwlock_t *);
__asm__(".symver lg_glibc_rwlock_trywrlock,__pthread_rwlock_trywrlock@GLIBC_2.2.5");
int lg_glibc_rwlock_unlock(pthread_rwlock_t *);
__asm__(".symver lg_glibc_rwlock_unlock,__pthread_rwlock_unlock@GLIBC_2.2.5");
int lg_glibc_rwlock_init(pthread_rwlock_t *, const pthread_rwlockattr_t *);
__asm__(".symver lg_glibc_rwlock_init,__pthread_rwlock_init@GLIBC_2.2.5");
int lg_glibc_rwlock_destroy(pthread_rwlock_t *);
__asm__(".symver lg_glibc_rwlock_destroy,__pthread_rwlock_destroy@GLIBC_2.2.5");
}

#define LG_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

// ------------------------------------------------------------ fallbacks

int fbMutexTimedlock(pthread_mutex_t *M, const struct timespec *) {
  return lg_glibc_mutex_lock(M);
}
int fbMutexClocklock(pthread_mutex_t *M, clockid_t, const struct timespec *) {
  return lg_glibc_mutex_lock(M);
}
int fbRwClockrd(pthread_rwlock_t *L, clockid_t, const struct timespec *) {
  return lg_glibc_rwlock_rdlock(L);
}
int fbRwClockwr(pthread_rwlock_t *L, clockid_t, const struct timespec *) {
  return lg_glibc_rwlock_wrlock(L);
}
int fbRwTimedrd(pthread_rwlock_t *L, const struct timespec *) {
  return lg_glibc_rwlock_rdlock(L);
}
int fbRwTimedwr(pthread_rwlock_t *L, const struct timespec *) {
  return lg_glibc_rwlock_wrlock(L);
}
// glibc's pthread_spinlock_t is an int: 0 free, non-zero taken.
int fbSpinLock(pthread_spinlock_t *L) {
  while (__atomic_exchange_n(L, 1, __ATOMIC_ACQUIRE))
    while (__atomic_load_n(L, __ATOMIC_RELAXED))
      cpuRelax();
  return 0;
}
int fbSpinTrylock(pthread_spinlock_t *L) {
  return __atomic_exchange_n(L, 1, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}
int fbSpinUnlock(pthread_spinlock_t *L) {
  __atomic_store_n(L, 0, __ATOMIC_RELEASE);
  return 0;
}
int fbSpinInit(pthread_spinlock_t *L, int) {
  __atomic_store_n(L, 0, __ATOMIC_RELEASE);
  return 0;
}
int fbSpinDestroy(pthread_spinlock_t *) { return 0; }
int fbCondWait(pthread_cond_t *, pthread_mutex_t *M) {
  lg_glibc_mutex_unlock(M);
  sched_yield();
  return lg_glibc_mutex_lock(M);
}
int fbCondTimedwait(pthread_cond_t *C, pthread_mutex_t *M, const struct timespec *) {
  return fbCondWait(C, M);
}
int fbCondClockwait(pthread_cond_t *C, pthread_mutex_t *M, clockid_t,
                    const struct timespec *) {
  return fbCondWait(C, M);
}
int fbCreate(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) {
  return EAGAIN;
}
void fbExit(void *) { abort(); }
int fbJoin(pthread_t, void **) { return EAGAIN; }
int fbDetach(pthread_t) { return EAGAIN; }
int fbSetname(pthread_t, const char *) { return EAGAIN; }
pid_t fbFork() {
  errno = EAGAIN;
  return -1;
}
void fbProcExit(int Status) { _exit(Status); }
void fbAbort() { __builtin_trap(); }
using MainFn = int (*)(int, char **, char **);
int fbStartMain(MainFn, int, char **, void (*)(), void (*)(), void (*)(), void *) {
  abort();
}

// ------------------------------------------------------------ real pointers

#define LG_REAL_LIST(X)                                                                \
  X(pthread_mutex_lock, int (*)(pthread_mutex_t *), lg_glibc_mutex_lock, nullptr)     \
  X(pthread_mutex_trylock, int (*)(pthread_mutex_t *), lg_glibc_mutex_trylock, nullptr) \
  X(pthread_mutex_timedlock, int (*)(pthread_mutex_t *, const struct timespec *),      \
    fbMutexTimedlock, nullptr)                                                         \
  X(pthread_mutex_clocklock,                                                           \
    int (*)(pthread_mutex_t *, clockid_t, const struct timespec *), fbMutexClocklock,  \
    nullptr)                                                                           \
  X(pthread_rwlock_clockrdlock,                                                        \
    int (*)(pthread_rwlock_t *, clockid_t, const struct timespec *), fbRwClockrd,      \
    nullptr)                                                                           \
  X(pthread_rwlock_clockwrlock,                                                        \
    int (*)(pthread_rwlock_t *, clockid_t, const struct timespec *), fbRwClockwr,      \
    nullptr)                                                                           \
  X(pthread_cond_clockwait,                                                            \
    int (*)(pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *),  \
    fbCondClockwait, nullptr)                                                          \
  X(pthread_mutex_unlock, int (*)(pthread_mutex_t *), lg_glibc_mutex_unlock, nullptr) \
  X(pthread_mutex_init, int (*)(pthread_mutex_t *, const pthread_mutexattr_t *),      \
    lg_glibc_mutex_init, nullptr)                                                     \
  X(pthread_mutex_destroy, int (*)(pthread_mutex_t *), lg_glibc_mutex_destroy, nullptr) \
  X(pthread_rwlock_rdlock, int (*)(pthread_rwlock_t *), lg_glibc_rwlock_rdlock, nullptr) \
  X(pthread_rwlock_wrlock, int (*)(pthread_rwlock_t *), lg_glibc_rwlock_wrlock, nullptr) \
  X(pthread_rwlock_tryrdlock, int (*)(pthread_rwlock_t *), lg_glibc_rwlock_tryrdlock, \
    nullptr)                                                                           \
  X(pthread_rwlock_trywrlock, int (*)(pthread_rwlock_t *), lg_glibc_rwlock_trywrlock, \
    nullptr)                                                                           \
  X(pthread_rwlock_timedrdlock, int (*)(pthread_rwlock_t *, const struct timespec *),  \
    fbRwTimedrd, nullptr)                                                              \
  X(pthread_rwlock_timedwrlock, int (*)(pthread_rwlock_t *, const struct timespec *),  \
    fbRwTimedwr, nullptr)                                                              \
  X(pthread_rwlock_unlock, int (*)(pthread_rwlock_t *), lg_glibc_rwlock_unlock, nullptr) \
  X(pthread_rwlock_init, int (*)(pthread_rwlock_t *, const pthread_rwlockattr_t *),    \
    lg_glibc_rwlock_init, nullptr)                                                    \
  X(pthread_rwlock_destroy, int (*)(pthread_rwlock_t *), lg_glibc_rwlock_destroy,     \
    nullptr)                                                                           \
  X(pthread_spin_lock, int (*)(pthread_spinlock_t *), fbSpinLock, nullptr)             \
  X(pthread_spin_trylock, int (*)(pthread_spinlock_t *), fbSpinTrylock, nullptr)       \
  X(pthread_spin_unlock, int (*)(pthread_spinlock_t *), fbSpinUnlock, nullptr)         \
  X(pthread_spin_init, int (*)(pthread_spinlock_t *, int), fbSpinInit, nullptr)        \
  X(pthread_spin_destroy, int (*)(pthread_spinlock_t *), fbSpinDestroy, nullptr)       \
  X(pthread_cond_wait, int (*)(pthread_cond_t *, pthread_mutex_t *), fbCondWait,      \
    "GLIBC_2.3.2")                                                                     \
  X(pthread_cond_timedwait,                                                            \
    int (*)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *),             \
    fbCondTimedwait, "GLIBC_2.3.2")                                                    \
  X(pthread_create,                                                                    \
    int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *), fbCreate, \
    nullptr)                                                                           \
  X(pthread_exit, void (*)(void *), fbExit, nullptr)                                   \
  X(pthread_join, int (*)(pthread_t, void **), fbJoin, nullptr)                          \
  X(pthread_detach, int (*)(pthread_t), fbDetach, nullptr)                               \
  X(pthread_setname_np, int (*)(pthread_t, const char *), fbSetname, nullptr)            \
  X(fork, pid_t (*)(), fbFork, nullptr)                                                \
  X(exit, void (*)(int), fbProcExit, nullptr)                                          \
  X(abort, void (*)(), fbAbort, nullptr)                                                \
  X(__libc_start_main,                                                                 \
    int (*)(MainFn, int, char **, void (*)(), void (*)(), void (*)(), void *),        \
    fbStartMain, nullptr)

#define LG_DECLARE_REAL(name, type, fallback, version)                                  \
  using type_##name = type;                                                            \
  type_##name real_##name;
LG_REAL_LIST(LG_DECLARE_REAL)
#undef LG_DECLARE_REAL

__thread int Resolving __attribute__((tls_model("initial-exec")));

// The real function, resolving on first use; the fallback while dlsym is running
// on this thread (or if the symbol is missing).
#define REAL(name)                                                                     \
  (__atomic_load_n(&real_##name, __ATOMIC_ACQUIRE)                                     \
       ? real_##name                                                                   \
       : (resolveRealFunctions(),                                                      \
          __atomic_load_n(&real_##name, __ATOMIC_ACQUIRE) ? real_##name : fallback_##name))

#define LG_FALLBACK(name, type, fallback, version)                                      \
  const type_##name fallback_##name = fallback;
LG_REAL_LIST(LG_FALLBACK)
#undef LG_FALLBACK

// The program's main, wrapped to learn its return value (see exitcode).
MainFn RealMain;
int mainWrapper(int Argc, char **Argv, char **Envp) {
  int Status = RealMain(Argc, Argv, Envp);
  noteExitStatus(Status);
  return Status;
}

// pthread_create start routine wrapper: thread id, lock-leak check at return.
void *threadStart(void *P) {
  void *Arg;
  auto Fn = reinterpret_cast<void *(*)(void *)>(adoptThread(static_cast<StartArgs *>(P), &Arg));
  void *Result = Fn(Arg);
  RuntimeScope Scope;
  onThreadExit();
  return Result;
}

unsigned mutexTraits(const pthread_mutex_t *M) {
  // glibc keeps the type in __data.__kind (PTHREAD_MUTEX_KIND_MASK_NP == 3). Reading
  // it covers statically initialized mutexes too (PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP,
  // std::recursive_mutex), which never pass through pthread_mutex_init.
  return (M->__data.__kind & 3) == PTHREAD_MUTEX_RECURSIVE_NP ? kRecursive : 0;
}

// glibc's rwlock kind: only PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP makes readers
// wait for queued writers (PREFER_WRITER_NP behaves as the default, reader-preferring).
unsigned rwlockTraits(const pthread_rwlock_t *L) {
  return L->__data.__flags == PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP
             ? 0
             : kReaderPreferring;
}

} // namespace

namespace lockgraph {
namespace rt {
void resolveRealFunctions() {
  if (Resolving)
    return;
  ++Resolving;
  ++TLS.InRuntime;
#define LG_RESOLVE(name, type, fallback, version)                                      \
  if (!__atomic_load_n(&real_##name, __ATOMIC_ACQUIRE)) {                              \
    void *P = nullptr;                                                                 \
    const char *V = version;                                                           \
    if (V)                                                                             \
      P = dlvsym(RTLD_NEXT, #name, V);                                                 \
    if (!P)                                                                            \
      P = dlsym(RTLD_NEXT, #name);                                                     \
    __atomic_store_n(&real_##name, reinterpret_cast<type_##name>(P), __ATOMIC_RELEASE);    \
  }
  LG_REAL_LIST(LG_RESOLVE)
#undef LG_RESOLVE
  --TLS.InRuntime;
  --Resolving;
}

int createInternalThread(void *(*Fn)(void *)) {
  pthread_attr_t A;
  if (pthread_attr_init(&A))
    return EAGAIN;
  pthread_attr_setdetachstate(&A, PTHREAD_CREATE_DETACHED);
  pthread_t T;
  int Rc = REAL(pthread_create)(&T, &A, Fn, nullptr);
  pthread_attr_destroy(&A);
  return Rc;
}
} // namespace rt
} // namespace lockgraph

// ------------------------------------------------------------ mutex

LG_EXPORT int pthread_mutex_lock(pthread_mutex_t *M) {
  auto Real = REAL(pthread_mutex_lock);
  auto Try = REAL(pthread_mutex_trylock);
  return blockingLock(M, LockKind::Mutex, HoldMode::Exclusive, mutexTraits(M),
                      LG_CALL_SITE(), [&] { return Try(M); }, [&] { return Real(M); });
}

LG_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *M, const struct timespec *T) {
  auto Real = REAL(pthread_mutex_timedlock);
  auto Try = REAL(pthread_mutex_trylock);
  return blockingLock</*Timed=*/true>(M, LockKind::Mutex, HoldMode::Exclusive,
                                      mutexTraits(M), LG_CALL_SITE(),
                                      [&] { return Try(M); }, [&] { return Real(M, T); });
}

// glibc >= 2.30; libstdc++ uses it for std::timed_mutex::try_lock_for/until.
LG_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *M, clockid_t Clock,
                                      const struct timespec *T) {
  auto Real = REAL(pthread_mutex_clocklock);
  auto Try = REAL(pthread_mutex_trylock);
  return blockingLock</*Timed=*/true>(M, LockKind::Mutex, HoldMode::Exclusive,
                                      mutexTraits(M), LG_CALL_SITE(),
                                      [&] { return Try(M); },
                                      [&] { return Real(M, Clock, T); });
}

LG_EXPORT int pthread_mutex_trylock(pthread_mutex_t *M) {
  auto Real = REAL(pthread_mutex_trylock);
  return tryLock(M, LockKind::Mutex, HoldMode::Exclusive, LG_CALL_SITE(), [&] { return Real(M); });
}

LG_EXPORT int pthread_mutex_unlock(pthread_mutex_t *M) {
  auto Real = REAL(pthread_mutex_unlock);
  return unlock(M, LockKind::Mutex, LG_CALL_SITE(), [&] { return Real(M); });
}

LG_EXPORT int pthread_mutex_init(pthread_mutex_t *M, const pthread_mutexattr_t *A) {
  auto Real = REAL(pthread_mutex_init);
  return lifetime(M, false, LG_CALL_SITE(), [&] { return Real(M, A); });
}

LG_EXPORT int pthread_mutex_destroy(pthread_mutex_t *M) {
  auto Real = REAL(pthread_mutex_destroy);
  return lifetime(M, true, LG_CALL_SITE(), [&] { return Real(M); });
}

// ------------------------------------------------------------ rwlock

LG_EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t *L) {
  auto Real = REAL(pthread_rwlock_rdlock);
  auto Try = REAL(pthread_rwlock_tryrdlock);
  return blockingLock(L, LockKind::RwLock, HoldMode::Shared, rwlockTraits(L), LG_CALL_SITE(),
                      [&] { return Try(L); }, [&] { return Real(L); });
}

LG_EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t *L) {
  auto Real = REAL(pthread_rwlock_wrlock);
  auto Try = REAL(pthread_rwlock_trywrlock);
  return blockingLock(L, LockKind::RwLock, HoldMode::Exclusive, 0, LG_CALL_SITE(),
                      [&] { return Try(L); }, [&] { return Real(L); });
}

LG_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t *L, const struct timespec *T) {
  auto Real = REAL(pthread_rwlock_timedrdlock);
  auto Try = REAL(pthread_rwlock_tryrdlock);
  return blockingLock</*Timed=*/true>(L, LockKind::RwLock, HoldMode::Shared, rwlockTraits(L),
                                      LG_CALL_SITE(), [&] { return Try(L); },
                                      [&] { return Real(L, T); });
}

LG_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t *L, const struct timespec *T) {
  auto Real = REAL(pthread_rwlock_timedwrlock);
  auto Try = REAL(pthread_rwlock_trywrlock);
  return blockingLock</*Timed=*/true>(L, LockKind::RwLock, HoldMode::Exclusive, 0,
                                      LG_CALL_SITE(), [&] { return Try(L); },
                                      [&] { return Real(L, T); });
}

// glibc >= 2.30; libstdc++ uses them for std::shared_timed_mutex.
LG_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t *L, clockid_t Clock,
                                         const struct timespec *T) {
  auto Real = REAL(pthread_rwlock_clockrdlock);
  auto Try = REAL(pthread_rwlock_tryrdlock);
  return blockingLock</*Timed=*/true>(L, LockKind::RwLock, HoldMode::Shared, rwlockTraits(L),
                                      LG_CALL_SITE(), [&] { return Try(L); },
                                      [&] { return Real(L, Clock, T); });
}

LG_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t *L, clockid_t Clock,
                                         const struct timespec *T) {
  auto Real = REAL(pthread_rwlock_clockwrlock);
  auto Try = REAL(pthread_rwlock_trywrlock);
  return blockingLock</*Timed=*/true>(L, LockKind::RwLock, HoldMode::Exclusive, 0,
                                      LG_CALL_SITE(), [&] { return Try(L); },
                                      [&] { return Real(L, Clock, T); });
}

LG_EXPORT int pthread_rwlock_tryrdlock(pthread_rwlock_t *L) {
  auto Real = REAL(pthread_rwlock_tryrdlock);
  return tryLock(L, LockKind::RwLock, HoldMode::Shared, LG_CALL_SITE(), [&] { return Real(L); });
}

LG_EXPORT int pthread_rwlock_trywrlock(pthread_rwlock_t *L) {
  auto Real = REAL(pthread_rwlock_trywrlock);
  return tryLock(L, LockKind::RwLock, HoldMode::Exclusive, LG_CALL_SITE(), [&] { return Real(L); });
}

LG_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *L) {
  auto Real = REAL(pthread_rwlock_unlock);
  return unlock(L, LockKind::RwLock, LG_CALL_SITE(), [&] { return Real(L); });
}

LG_EXPORT int pthread_rwlock_init(pthread_rwlock_t *L, const pthread_rwlockattr_t *A) {
  auto Real = REAL(pthread_rwlock_init);
  return lifetime(L, false, LG_CALL_SITE(), [&] { return Real(L, A); });
}

LG_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t *L) {
  auto Real = REAL(pthread_rwlock_destroy);
  return lifetime(L, true, LG_CALL_SITE(), [&] { return Real(L); });
}

// ------------------------------------------------------------ spinlock

LG_EXPORT int pthread_spin_lock(pthread_spinlock_t *L) {
  auto Real = REAL(pthread_spin_lock);
  auto Try = REAL(pthread_spin_trylock);
  return blockingLock(L, LockKind::Spin, HoldMode::Exclusive, 0, LG_CALL_SITE(),
                      [&] { return Try(L); }, [&] { return Real(L); });
}

LG_EXPORT int pthread_spin_trylock(pthread_spinlock_t *L) {
  auto Real = REAL(pthread_spin_trylock);
  return tryLock(L, LockKind::Spin, HoldMode::Exclusive, LG_CALL_SITE(), [&] { return Real(L); });
}

LG_EXPORT int pthread_spin_unlock(pthread_spinlock_t *L) {
  auto Real = REAL(pthread_spin_unlock);
  return unlock(L, LockKind::Spin, LG_CALL_SITE(), [&] { return Real(L); });
}

LG_EXPORT int pthread_spin_init(pthread_spinlock_t *L, int Shared) {
  auto Real = REAL(pthread_spin_init);
  return lifetime(L, false, LG_CALL_SITE(), [&] { return Real(L, Shared); });
}

LG_EXPORT int pthread_spin_destroy(pthread_spinlock_t *L) {
  auto Real = REAL(pthread_spin_destroy);
  return lifetime(L, true, LG_CALL_SITE(), [&] { return Real(L); });
}

// ------------------------------------------------------------ condition variables

LG_EXPORT int pthread_cond_wait(pthread_cond_t *C, pthread_mutex_t *M) {
  auto Real = REAL(pthread_cond_wait);
  return condWait(M, [&] { return Real(C, M); });
}

LG_EXPORT int pthread_cond_timedwait(pthread_cond_t *C, pthread_mutex_t *M,
                                     const struct timespec *T) {
  auto Real = REAL(pthread_cond_timedwait);
  return condWait(M, [&] { return Real(C, M, T); });
}

// glibc >= 2.30; libstdc++ uses it for std::condition_variable waits with a timeout.
LG_EXPORT int pthread_cond_clockwait(pthread_cond_t *C, pthread_mutex_t *M,
                                     clockid_t Clock, const struct timespec *T) {
  auto Real = REAL(pthread_cond_clockwait);
  return condWait(M, [&] { return Real(C, M, Clock, T); });
}

// ------------------------------------------------------------ threads, fork, exit

LG_EXPORT int pthread_create(pthread_t *T, const pthread_attr_t *A, void *(*Fn)(void *),
                             void *Arg) {
  auto Real = REAL(pthread_create);
  return interceptCreate(
      T, Fn, Arg, threadStart, [&](void *(*Start)(void *), void *P) { return Real(T, A, Start, P); },
      [](int Rc) { return Rc == 0; });
}

LG_EXPORT int pthread_join(pthread_t T, void **Ret) {
  auto Real = REAL(pthread_join);
  return interceptJoin(
      static_cast<uintptr_t>(T), [&] { return Real(T, Ret); }, [](int Rc) { return Rc == 0; });
}

LG_EXPORT int pthread_detach(pthread_t T) {
  auto Real = REAL(pthread_detach);
  if (hooksActive()) {
    RuntimeScope Scope;
    onThreadDetach(static_cast<uintptr_t>(T));
  }
  return Real(T);
}

LG_EXPORT int pthread_setname_np(pthread_t T, const char *Name) {
  auto Real = REAL(pthread_setname_np);
  int Rc = Real(T, Name);
  if (Rc == 0 && hooksActive()) {
    RuntimeScope Scope;
    onThreadName(static_cast<uintptr_t>(T), Name);
  }
  return Rc;
}

LG_EXPORT void pthread_exit(void *Ret) {
  auto Real = REAL(pthread_exit);
  if (hooksActive()) {
    RuntimeScope Scope;
    onThreadExit();
  }
  Real(Ret);
  __builtin_unreachable();
}

// Locking around fork happens in the pthread_atfork handlers registered at init
// (they run after every prepare handler of the program, so none of those is
// observed while our locks are taken).
LG_EXPORT pid_t fork() {
  auto Real = REAL(fork);
  hooksActive(); // initialize before the first fork
  return Real();
}

// abort() (a failed assert) ends the process by SIGABRT, with no exit path: the locks
// the aborting thread holds are reported first, as the other threads' were when they
// exited, and the trace is flushed.
LG_EXPORT void abort() {
  auto Real = REAL(abort);
  if (hooksActive()) {
    RuntimeScope Scope;
    beforeAbort();
  }
  Real();
  __builtin_unreachable();
}

LG_EXPORT void exit(int Status) {
  auto Real = REAL(exit);
  noteExitStatus(Status);
  Real(Status);
  __builtin_unreachable();
}

LG_EXPORT int __libc_start_main(MainFn Main, int Argc, char **Argv, void (*Init)(),
                                void (*Fini)(), void (*RtldFini)(), void *StackEnd) {
  auto Real = REAL(__libc_start_main);
  RealMain = Main;
  return Real(mainWrapper, Argc, Argv, Init, Fini, RtldFini, StackEnd);
}
