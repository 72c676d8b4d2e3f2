// POSITIVE: std::mutex unlocked twice on the overflow path (undefined behaviour): the
// branch unlocks and then falls through to the final unlock.
#include <mutex>
#include <vector>

class Mailbox {
 public:
  void post(int msg) {
    mu_.lock();
    if (messages_.size() >= kCapacity) {
      dropped_++;
      mu_.unlock();
    } else {
      messages_.push_back(msg);
    }
    mu_.unlock(); // expect: bad-unlock
  }

 private:
  static constexpr size_t kCapacity = 128;
  std::mutex mu_;
  std::vector<int> messages_;
  long dropped_ = 0;
};
