// std::scoped_lock(a, b) and std::scoped_lock(b, a), and std::lock in both orders,
// run concurrently by four threads for many rounds. libstdc++'s std::lock blocks only
// on the first mutex while holding nothing and takes the others with try_lock,
// backing off (unlocking everything) when one is busy: it cannot take part in a
// deadlock, so no order it produces is an inversion, however the rounds interleave
// and whichever back-off path they take. (std_scoped_lock_negative.cpp runs one
// scoped_lock against a plain lock_guard order, without contention.) Nothing is
// reported, and the program's own lock_guard taken inside the scoped_lock (A, B ->
// C) is a consistent order.
// expect-count: lock-order-inversion 0
// expect-count: double-lock 0
// expect-count: bad-unlock 0
#include <mutex>
#include <thread>
#include <vector>

static std::mutex A, B, C;
static long Counter;

int main() {
  constexpr int kRounds = 3000;
  std::vector<std::thread> ts;
  for (int id = 0; id < 4; ++id)
    ts.emplace_back([id] {
      for (int i = 0; i < kRounds; ++i) {
        if (id == 0) {
          std::scoped_lock both(A, B);
          std::lock_guard<std::mutex> c(C);
          ++Counter;
        } else if (id == 1) {
          std::scoped_lock both(B, A);
          std::lock_guard<std::mutex> c(C);
          ++Counter;
        } else {
          std::unique_lock<std::mutex> a(A, std::defer_lock);
          std::unique_lock<std::mutex> b(B, std::defer_lock);
          if (id == 2)
            std::lock(a, b);
          else
            std::lock(b, a);
          std::lock_guard<std::mutex> c(C);
          ++Counter;
        }
      }
    });
  for (auto &t : ts)
    t.join();
  return Counter == 4L * kRounds ? 0 : 1;
}
