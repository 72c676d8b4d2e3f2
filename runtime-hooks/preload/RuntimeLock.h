// The runtime's own mutual exclusion: a lock that spins briefly, then sleeps in the
// kernel (a futex, as in Drepper's "Futexes Are Tricky", mutex 2). It never calls the
// pthread functions we intercept. Sleeping matters: a thread that holds the graph
// lock for a long search must not have every other thread spinning on its CPU.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace lockgraph {
namespace rt {

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

class RuntimeLock {
public:
  void lock() {
    int C = 0;
    if (__atomic_compare_exchange_n(&State, &C, 1, false, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED))
      return;
    for (unsigned Spins = 0; Spins < 100; ++Spins) {
      cpuRelax();
      C = 0;
      if (!__atomic_load_n(&State, __ATOMIC_RELAXED) &&
          __atomic_compare_exchange_n(&State, &C, 1, false, __ATOMIC_ACQUIRE,
                                      __ATOMIC_RELAXED))
        return;
    }
    // 2: locked, and someone may sleep on it (the unlocker must wake).
    C = __atomic_exchange_n(&State, 2, __ATOMIC_ACQUIRE);
    while (C) {
      syscall(SYS_futex, &State, FUTEX_WAIT_PRIVATE, 2, nullptr, nullptr, 0);
      C = __atomic_exchange_n(&State, 2, __ATOMIC_ACQUIRE);
    }
  }
  void unlock() {
    if (__atomic_exchange_n(&State, 0, __ATOMIC_RELEASE) == 2)
      syscall(SYS_futex, &State, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }
  // After fork in the child: the owner may no longer exist.
  void reset() { __atomic_store_n(&State, 0, __ATOMIC_RELAXED); }

private:
  int State; // 0 free, 1 locked, 2 locked with possible sleepers; zero-initialized
};

class RuntimeGuard {
public:
  explicit RuntimeGuard(RuntimeLock &L) : L(L) { L.lock(); }
  ~RuntimeGuard() { L.unlock(); }
  RuntimeGuard(const RuntimeGuard &) = delete;
  RuntimeGuard &operator=(const RuntimeGuard &) = delete;

private:
  RuntimeLock &L;
};

} // namespace rt
} // namespace lockgraph
