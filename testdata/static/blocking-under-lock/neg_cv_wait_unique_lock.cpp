// NEGATIVE: the worker waits on cv_ with the unique_lock of mu_, the only lock it
// holds. The wait releases mu_ while it sleeps; the task runs after the unlock.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

class TaskQueue {
 public:
  void Post(std::function<void()> f) {
    {
      std::lock_guard<std::mutex> g(mu_);
      tasks_.push_back(std::move(f));
    }
    cv_.notify_one();
  }

  void RunOne() {
    std::unique_lock<std::mutex> lk(mu_);
    while (tasks_.empty())
      cv_.wait(lk);
    std::function<void()> f = std::move(tasks_.front());
    tasks_.pop_front();
    lk.unlock();
    f();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
};

int main() {
  TaskQueue q;
  std::thread worker([&q] { q.RunOne(); });
  q.Post([] {});
  worker.join();
  return 0;
}
