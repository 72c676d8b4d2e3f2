// NEGATIVE: an object's constructor and destructor update its members with no lock (the
// object is not shared yet, or any more); locals are private; an RMW under the guard is
// fine. The guard is inferred from the methods.
#include <mutex>

class Pool {
public:
  Pool() {
    size_++;
    used_ = 0;
  }
  ~Pool() { size_--; }
  void take() {
    std::lock_guard<std::mutex> g(mu_);
    used_++;
  }
  void give() {
    std::lock_guard<std::mutex> g(mu_);
    used_--;
    int spins = 0;
    spins++;
    (void)spins;
  }

private:
  std::mutex mu_;
  int size_ = 0;
  int used_ = 0;
};

void cycle(Pool &p) {
  p.take();
  p.give();
}
