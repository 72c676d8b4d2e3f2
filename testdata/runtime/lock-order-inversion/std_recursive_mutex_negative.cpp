// std::recursive_mutex (a PTHREAD_MUTEX_RECURSIVE mutex inside libstdc++) taken
// again by its owner: through recursion, through try_lock, and while a std::mutex M
// is held in between (R, M, then R again). Re-entry is no double-lock and records no
// M -> R edge, so another thread's R -> M order closes no cycle; unlocking each level
// is no bad-unlock. std::recursive_timed_mutex try_lock_for re-entry likewise.
// Nothing is reported.
// expect-count: lock-order-inversion 0
// expect-count: double-lock 0
// expect-count: bad-unlock 0
#include <chrono>
#include <mutex>
#include <thread>

static std::recursive_mutex R;
static std::recursive_timed_mutex RT;
static std::mutex M;

static int depth(int n) {
  std::lock_guard<std::recursive_mutex> g(R);
  return n ? 1 + depth(n - 1) : 0;
}

int main() {
  using namespace std::chrono_literals;
  bool ok = true;
  std::thread t1([&] {
    std::lock_guard<std::recursive_mutex> r(R);
    std::lock_guard<std::mutex> m(M);
    std::lock_guard<std::recursive_mutex> again(R); // re-entry under M
    if (!R.try_lock())
      ok = false;
    else
      R.unlock();
    ok = ok && depth(20) == 20;
  });
  t1.join();
  std::thread t2([] {
    std::lock_guard<std::recursive_mutex> r(R);
    std::lock_guard<std::mutex> m(M);
  });
  t2.join();
  for (int i = 0; i < 3; ++i)
    if (!RT.try_lock_for(100ms))
      ok = false;
  for (int i = 0; i < 3; ++i)
    RT.unlock();
  return ok ? 0 : 1;
}
