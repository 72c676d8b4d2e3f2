// POSITIVE: manual std::mutex::lock()/unlock() in C++ code without a guard: the
// early `return false` skips the unlock.
#include <mutex>
#include <string>
#include <unordered_map>

class UserDirectory {
 public:
  bool rename(int id, const std::string &name) {
    mu_.lock();
    auto it = names_.find(id);
    if (it == names_.end())
      return false; // expect: lock-leak
    it->second = name;
    mu_.unlock();
    return true;
  }

 private:
  std::mutex mu_;
  std::unordered_map<int, std::string> names_;
};
