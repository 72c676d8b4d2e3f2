// The runtime's own mutual exclusion: a test-and-test-and-set spinlock that yields
// after a short spin. It never calls the pthread functions we intercept.
#pragma once

#include <sched.h>

namespace lockgraph {
namespace rt {

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

class SpinLock {
public:
  void lock() {
    for (unsigned Spins = 0;; ++Spins) {
      if (!__atomic_load_n(&State, __ATOMIC_RELAXED) &&
          !__atomic_exchange_n(&State, 1, __ATOMIC_ACQUIRE))
        return;
      if (Spins > 64)
        sched_yield();
      else
        cpuRelax();
    }
  }
  void unlock() { __atomic_store_n(&State, 0, __ATOMIC_RELEASE); }
  // After fork in the child: the owner may no longer exist.
  void reset() { __atomic_store_n(&State, 0, __ATOMIC_RELAXED); }

private:
  int State; // zero-initialized globals start unlocked
};

class SpinGuard {
public:
  explicit SpinGuard(SpinLock &L) : L(L) { L.lock(); }
  ~SpinGuard() { L.unlock(); }
  SpinGuard(const SpinGuard &) = delete;
  SpinGuard &operator=(const SpinGuard &) = delete;

private:
  SpinLock &L;
};

} // namespace rt
} // namespace lockgraph
