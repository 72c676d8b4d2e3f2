// NEGATIVE: std::recursive_timed_mutex is recursive like std::recursive_mutex.
// Journal::append() holds mu_ (lock_guard) and calls rotate_if_full(), which takes a
// lock_guard on the same mutex again; Journal::checkpoint() does the same through
// size(). The owner re-entering is allowed. No finding of any kind.
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class Journal {
 public:
  void append(const std::string &rec) {
    std::lock_guard<std::recursive_timed_mutex> guard(mu_);
    rotate_if_full();
    records_.push_back(rec);
  }

  size_t checkpoint() {
    std::lock_guard<std::recursive_timed_mutex> guard(mu_);
    checkpointed_ = size();
    return checkpointed_;
  }

  size_t size() {
    std::lock_guard<std::recursive_timed_mutex> guard(mu_);
    return records_.size();
  }

 private:
  void rotate_if_full() {
    std::lock_guard<std::recursive_timed_mutex> guard(mu_);
    if (records_.size() >= kMaxRecords) {
      archived_ += records_.size();
      records_.clear();
    }
  }

  static constexpr size_t kMaxRecords = 512;
  std::recursive_timed_mutex mu_;
  std::vector<std::string> records_;
  size_t archived_ = 0;
  size_t checkpointed_ = 0;
};

static Journal journal;

int main() {
  std::thread writer([] {
    for (int i = 0; i < 1000; i++)
      journal.append("rec");
  });
  std::thread checkpointer([] { journal.checkpoint(); });
  writer.join();
  checkpointer.join();
}
