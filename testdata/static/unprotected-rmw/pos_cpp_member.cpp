// POSITIVE: C++: a member counter guarded by the object's std::mutex in two methods
// (lock_guard) and updated bare in a third.
#include <mutex>

class Stats {
public:
  void add(long n) {
    std::lock_guard<std::mutex> g(mu_);
    total_ += n;
  }
  long total() {
    std::lock_guard<std::mutex> g(mu_);
    return total_;
  }
  void bump() {
    total_++; // expect: unprotected-rmw
  }

private:
  std::mutex mu_;
  long total_ = 0;
};

void use(Stats &s) {
  s.add(2);
  s.bump();
}
