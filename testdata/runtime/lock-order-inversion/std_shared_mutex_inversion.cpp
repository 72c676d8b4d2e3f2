// std::shared_mutex (a pthread rwlock in libstdc++): T1 holds A shared and asks for B
// exclusive; T2 holds B shared and asks for A exclusive. Run concurrently this is a
// real deadlock whatever the rwlock's preference (each writer waits for the other's
// reader), so the order A -> B / B -> A is reported once. Both threads exist together;
// a barrier (not a happens-before edge for lockgraph) runs T1 first, so nothing
// blocks.
// expect-count: lock-order-inversion 1
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <thread>

static std::shared_mutex A, B;
static pthread_barrier_t Turn;

int main() {
  pthread_barrier_init(&Turn, nullptr, 2);
  std::thread t1([] {
    {
      std::shared_lock<std::shared_mutex> a(A);
      std::unique_lock<std::shared_mutex> b(B);
    }
    pthread_barrier_wait(&Turn); // T1's order taken: T2's turn
  });
  std::thread t2([] {
    pthread_barrier_wait(&Turn);
    std::shared_lock<std::shared_mutex> b(B);
    std::unique_lock<std::shared_mutex> a(A);
  });
  t1.join();
  t2.join();
  pthread_barrier_destroy(&Turn);
  return 0;
}
