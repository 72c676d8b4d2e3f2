// std::timed_mutex::try_lock_for is a blocking request with a timeout
// (pthread_mutex_clocklock in libstdc++), not a trylock: taken while holding M, it
// waits while holding M. T1 takes T then M; T2 takes M then T.try_lock_for(5 s),
// which succeeds at once because T1 is done with T. Both threads exist together; a
// barrier (not a happens-before edge for lockgraph) runs T1 first. The cycle is
// reported once. A plain try_lock() in the reverse order would not be (see
// trylock_reverse_negative.c).
// expect-count: lock-order-inversion 1
#include <chrono>
#include <mutex>
#include <pthread.h>
#include <thread>

static std::timed_mutex T;
static std::mutex M;
static pthread_barrier_t Turn;

int main() {
  using namespace std::chrono_literals;
  pthread_barrier_init(&Turn, nullptr, 2);
  std::thread t1([] {
    {
      std::lock_guard<std::timed_mutex> t(T);
      std::lock_guard<std::mutex> m(M);
    }
    pthread_barrier_wait(&Turn); // T -> M taken: T2's turn
  });
  bool got = false;
  std::thread t2([&] {
    pthread_barrier_wait(&Turn);
    std::lock_guard<std::mutex> m(M);
    if (T.try_lock_for(5s)) {
      got = true;
      T.unlock();
    }
  });
  t1.join();
  t2.join();
  pthread_barrier_destroy(&Turn);
  return got ? 0 : 1;
}
