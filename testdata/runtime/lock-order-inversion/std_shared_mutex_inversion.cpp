// std::shared_mutex (a pthread rwlock in libstdc++): T1 holds A shared and asks for B
// exclusive; T2 holds B shared and asks for A exclusive. Run concurrently this is a
// real deadlock whatever the rwlock's preference (each writer waits for the other's
// reader), so the order A -> B / B -> A is reported once. Here the threads run one
// after the other, so nothing blocks.
// expect-count: lock-order-inversion 1
#include <mutex>
#include <shared_mutex>
#include <thread>

static std::shared_mutex A, B;

int main() {
  std::thread t1([] {
    std::shared_lock<std::shared_mutex> a(A);
    std::unique_lock<std::shared_mutex> b(B);
  });
  t1.join();
  std::thread t2([] {
    std::shared_lock<std::shared_mutex> b(B);
    std::unique_lock<std::shared_mutex> a(A);
  });
  t2.join();
  return 0;
}
