// std::mutex through libstdc++ (std::lock_guard / std::unique_lock), inverted order.
// Both threads exist together and neither is joined before the other's order, so the
// orders could overlap; a barrier (not a happens-before edge for lockgraph) only runs
// t1 first, so nothing blocks.
// expect-count: lock-order-inversion 1
#include <mutex>
#include <pthread.h>
#include <thread>

static std::mutex A, B;
static pthread_barrier_t Turn;

int main() {
  pthread_barrier_init(&Turn, nullptr, 2);
  std::thread t1([] {
    {
      std::lock_guard<std::mutex> a(A);
      std::lock_guard<std::mutex> b(B);
    }
    pthread_barrier_wait(&Turn); // A -> B taken: t2's turn
  });
  std::thread t2([] {
    pthread_barrier_wait(&Turn);
    std::unique_lock<std::mutex> b(B);
    std::unique_lock<std::mutex> a(A);
  });
  t1.join();
  t2.join();
  pthread_barrier_destroy(&Turn);
  return 0;
}
