// POSITIVE: a cache that looks a key up without its lock and inserts it under the
// lock when missing. Two threads can both miss and both build the value. The
// container's methods are its reads (count) and writes (emplace).
#include <map>
#include <mutex>
#include <string>

class Cache {
 public:
  void Warm(int key) {
    if (values_.count(key) == 0) {
      std::lock_guard<std::mutex> g(mu_);
      values_.emplace(key, Build(key)); // expect: check-then-act
    }
  }
  void Drop(int key) {
    std::lock_guard<std::mutex> g(mu_);
    values_.erase(key);
  }
  size_t Size() const {
    std::lock_guard<std::mutex> g(mu_);
    return values_.size();
  }

 private:
  static std::string Build(int key) { return std::to_string(key); }
  mutable std::mutex mu_;
  std::map<int, std::string> values_;
};
