// POSITIVE: RateLimiter::Acquire() sleeps until the next slot with std::lock_guard
// still holding mu_. The sleeping thread keeps the lock, so all other callers queue up
// behind it instead of computing their own slots.
#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

class RateLimiter {
 public:
  explicit RateLimiter(std::chrono::milliseconds interval) : interval_(interval) {}

  void Acquire() {
    std::lock_guard<std::mutex> g(mu_);
    auto now = std::chrono::steady_clock::now();
    if (now < next_)
      std::this_thread::sleep_for(next_ - now); // expect: blocking-under-lock
    next_ = std::max(now, next_) + interval_;
  }

 private:
  std::mutex mu_;
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point next_{};
};

int main() {
  RateLimiter limiter(std::chrono::milliseconds(10));
  std::thread a([&limiter] { limiter.Acquire(); });
  std::thread b([&limiter] { limiter.Acquire(); });
  a.join();
  b.join();
  return 0;
}
