// NEGATIVE: with std::lock_guard every return, early or not, runs the destructor that
// unlocks. Nothing leaks.
#include <mutex>
#include <string>
#include <unordered_map>

class UserDirectory {
 public:
  bool rename(int id, const std::string &name) {
    std::lock_guard<std::mutex> guard(mu_);
    auto it = names_.find(id);
    if (it == names_.end())
      return false;
    if (name.empty())
      return false;
    it->second = name;
    return true;
  }

 private:
  std::mutex mu_;
  std::unordered_map<int, std::string> names_;
};
