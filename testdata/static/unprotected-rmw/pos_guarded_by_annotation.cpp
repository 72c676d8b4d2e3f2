// POSITIVE: the annotation wins over the count. `pending_` is declared GUARDED_BY(mu_)
// but most of its accesses forget the lock: inference alone (held at 1 of 3) would find
// no guard and stay quiet. The declared guard makes both unlocked updates findings.
#include <mutex>

#define GUARDED_BY(x) __attribute__((guarded_by(x)))

class Queue {
public:
  void push() {
    std::lock_guard<std::mutex> l(mu_);
    pending_++;
  }
  void push_fast() {
    pending_++; // expect: unprotected-rmw
  }
  void drop() {
    pending_ -= 1; // expect: unprotected-rmw
  }

private:
  std::mutex mu_;
  int pending_ GUARDED_BY(mu_) = 0;
};
