// compile-args: -I%stubs%
// POSITIVE: Abseil. Get() waits on absl::CondVar under `if`; after a spurious wake-up,
// or when another thread took the freed buffer first, free_count_ is still 0 and the
// index goes negative.
#include "absl/synchronization/mutex.h"

#include <thread>

// The stub mutex.h declares no CondVar: Abseil's declaration (members used here).
namespace absl {
inline namespace lts_20230802 {
class CondVar {
 public:
  CondVar();
  void Wait(Mutex *mu);
  void Signal();
  void SignalAll();
};
}  // inline namespace lts_20230802
}  // namespace absl

class BufferPool {
 public:
  char *Get() {
    absl::MutexLock l(&mu_);
    if (free_count_ == 0)
      cv_.Wait(&mu_); // expect: cond-wait-no-loop
    free_count_ = free_count_ - 1;
    char *b = free_[free_count_];
    return b;
  }

  void Put(char *b) {
    absl::MutexLock l(&mu_);
    if (free_count_ < 16) {
      free_[free_count_] = b;
      free_count_ = free_count_ + 1;
      cv_.Signal();
    }
  }

 private:
  absl::Mutex mu_;
  absl::CondVar cv_;
  char *free_[16] = {};
  int free_count_ = 0;
};

int main() {
  static char block[2][4096];
  BufferPool pool;
  std::thread a([&pool] { pool.Put(pool.Get()); });
  std::thread b([&pool] { pool.Put(pool.Get()); });
  pool.Put(block[0]);
  a.join();
  b.join();
  return 0;
}
