// NEGATIVE: the fixed cache. The lookup and the insert are one critical section.
#include <map>
#include <mutex>
#include <string>

class Cache {
 public:
  void Warm(int key) {
    std::lock_guard<std::mutex> g(mu_);
    if (values_.count(key) == 0)
      values_.emplace(key, std::to_string(key));
  }
  void Drop(int key) {
    std::lock_guard<std::mutex> g(mu_);
    values_.erase(key);
  }

 private:
  std::mutex mu_;
  std::map<int, std::string> values_;
};
