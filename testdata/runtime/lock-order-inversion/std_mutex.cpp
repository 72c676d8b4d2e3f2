// std::mutex through libstdc++ (std::lock_guard / std::unique_lock), inverted order.
// expect-count: lock-order-inversion 1
#include <mutex>
#include <thread>

static std::mutex A, B;

int main() {
  std::thread t1([] {
    std::lock_guard<std::mutex> a(A);
    std::lock_guard<std::mutex> b(B);
  });
  t1.join();
  std::thread t2([] {
    std::unique_lock<std::mutex> b(B);
    std::unique_lock<std::mutex> a(A);
  });
  t2.join();
  return 0;
}
