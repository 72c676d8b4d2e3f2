// NEGATIVE: a function that returns a std::unique_lock hands ownership of the held
// mutex to its caller, on its only path: a lock wrapper, not a leak. The caller's
// unique_lock releases it.
#include <mutex>
#include <vector>

class EventLog {
 public:
  std::unique_lock<std::mutex> acquire() { return std::unique_lock<std::mutex>(mu_); }

  void append(int event) {
    std::unique_lock<std::mutex> lock = acquire();
    events_.push_back(event);
  }

 private:
  std::mutex mu_;
  std::vector<int> events_;
};
