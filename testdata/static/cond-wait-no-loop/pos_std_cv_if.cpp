// POSITIVE: Pop() waits on the condition variable under `if`, without a predicate.
// After a spurious wake-up, or when the other consumer took the message first,
// items_ is still empty and front() is undefined behaviour.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

class MessageQueue {
 public:
  void Push(std::string m) {
    std::lock_guard<std::mutex> g(mu_);
    items_.push_back(std::move(m));
    cv_.notify_one();
  }

  std::string Pop() {
    std::unique_lock<std::mutex> lk(mu_);
    if (items_.empty())
      cv_.wait(lk); // expect: cond-wait-no-loop
    std::string m = std::move(items_.front());
    items_.pop_front();
    return m;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> items_;
};

int main() {
  MessageQueue q;
  std::thread a([&q] { q.Pop(); });
  std::thread b([&q] { q.Pop(); });
  q.Push("first");
  q.Push("second");
  a.join();
  b.join();
  return 0;
}
