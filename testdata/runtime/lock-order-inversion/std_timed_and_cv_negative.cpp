// std::timed_mutex (pthread_mutex_clocklock), std::shared_timed_mutex (rwlock
// clock/timed locks) and std::condition_variable::wait_for (pthread_cond_clockwait),
// all used in one consistent order: tracked, no report.
// expect-count: lock-order-inversion 0
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <thread>

static std::timed_mutex T;
static std::shared_timed_mutex S;
static std::mutex M;
static std::condition_variable CV;
static bool Ready;

int main() {
  using namespace std::chrono_literals;
  std::thread waiter([] {
    std::unique_lock<std::mutex> l(M);
    while (!Ready)
      CV.wait_for(l, 10ms);
  });
  for (int i = 0; i < 3; ++i) {
    if (T.try_lock_for(100ms)) {
      if (S.try_lock_shared_for(100ms)) {
        S.unlock_shared();
      }
      if (S.try_lock_until(std::chrono::steady_clock::now() + 100ms))
        S.unlock();
      T.unlock();
    }
  }
  {
    std::lock_guard<std::mutex> g(M);
    Ready = true;
  }
  CV.notify_all();
  waiter.join();
  return 0;
}
