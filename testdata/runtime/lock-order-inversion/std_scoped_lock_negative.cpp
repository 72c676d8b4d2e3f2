// std::scoped_lock / std::lock on several mutexes use lock + try_lock with back-off:
// the order they take cannot deadlock with another order. Not reported.
// std::recursive_mutex re-entry is not a double-lock either.
// expect-count: lock-order-inversion 0
#include <mutex>
#include <thread>

static std::mutex A, B;
static std::recursive_mutex R;

static void recurse(int n) {
  std::lock_guard<std::recursive_mutex> g(R);
  if (n)
    recurse(n - 1);
}

int main() {
  std::thread t1([] {
    std::lock_guard<std::mutex> a(A);
    std::lock_guard<std::mutex> b(B);
  });
  t1.join();
  std::thread t2([] { std::scoped_lock both(B, A); });
  t2.join();
  std::thread t3([] {
    std::unique_lock<std::mutex> b(B, std::defer_lock);
    std::unique_lock<std::mutex> a(A, std::defer_lock);
    std::lock(b, a);
  });
  t3.join();
  recurse(10);
  return 0;
}
