// NEGATIVE: wait(lk, pred) and wait_for(lk, d, pred) loop on the predicate inside the
// library, so they return only with the predicate true (or, for wait_for, on timeout
// with the result saying so).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

class CountDown {
 public:
  explicit CountDown(int n) : count_(n) {}

  void Arrive() {
    std::lock_guard<std::mutex> g(mu_);
    if (count_ > 0 && --count_ == 0)
      cv_.notify_all();
  }

  int Wait() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return count_ == 0; });
    waiters_done_ = waiters_done_ + 1;
    return waiters_done_;
  }

  bool WaitFor(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> lk(mu_);
    if (!cv_.wait_for(lk, d, [this] { return count_ == 0; }))
      return false;
    waiters_done_ = waiters_done_ + 1;
    return true;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_;
  int waiters_done_ = 0;
};

int main() {
  CountDown done(2);
  std::thread a([&done] { done.Arrive(); });
  std::thread b([&done] { done.Arrive(); });
  done.WaitFor(std::chrono::milliseconds(10));
  done.Wait();
  a.join();
  b.join();
  return 0;
}
