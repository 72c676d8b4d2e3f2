// compile-args: -I%stubs%
// POSITIVE: Abseil. Checkout() holds pool_mu_ through absl::MutexLock and takes
// metrics_mu_ with another MutexLock; Export() calls Lock() on metrics_mu_ and then
// pool_mu_. Size() only reads under a reader lock and nests nothing: not part of it.
#include "absl/synchronization/mutex.h"

#include <cstddef>
#include <vector>

class ConnectionPool {
 public:
  int Checkout() {
    absl::MutexLock pool_lock(&pool_mu_);
    if (idle_.empty())
      return -1;
    int conn = idle_.back();
    idle_.pop_back();
    absl::MutexLock metrics_lock(&metrics_mu_); // expect: lock-order-inversion
    checkouts_++;
    return conn;
  }

  long Export() {
    metrics_mu_.Lock();
    pool_mu_.Lock();
    long value = checkouts_ * 1000 + static_cast<long>(idle_.size());
    pool_mu_.Unlock();
    metrics_mu_.Unlock();
    return value;
  }

  std::size_t Size() {
    pool_mu_.ReaderLock();
    std::size_t n = idle_.size();
    pool_mu_.ReaderUnlock();
    return n;
  }

 private:
  absl::Mutex pool_mu_;
  absl::Mutex metrics_mu_;
  std::vector<int> idle_;
  long checkouts_ = 0;
};
