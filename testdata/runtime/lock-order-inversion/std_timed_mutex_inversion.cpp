// std::timed_mutex::try_lock_for is a blocking request with a timeout
// (pthread_mutex_clocklock in libstdc++), not a trylock: taken while holding M, it
// waits while holding M. T1 takes T then M; T2 takes M then T.try_lock_for(5 s),
// which succeeds at once because T1 has finished. The cycle is reported once.
// A plain try_lock() in the reverse order would not be (see trylock_reverse_negative.c).
// expect-count: lock-order-inversion 1
#include <chrono>
#include <mutex>
#include <thread>

static std::timed_mutex T;
static std::mutex M;

int main() {
  using namespace std::chrono_literals;
  std::thread t1([] {
    std::lock_guard<std::timed_mutex> t(T);
    std::lock_guard<std::mutex> m(M);
  });
  t1.join();
  bool got = false;
  std::thread t2([&] {
    std::lock_guard<std::mutex> m(M);
    if (T.try_lock_for(5s)) {
      got = true;
      T.unlock();
    }
  });
  t2.join();
  return got ? 0 : 1;
}
