// POSITIVE: the same upgrade with std::shared_mutex: a std::shared_lock (read side) is
// still held when a std::unique_lock asks for the write side of the same mutex.
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

class Config {
 public:
  std::string get_or_default(const std::string &key) {
    std::shared_lock<std::shared_mutex> read_lock(mu_);
    auto it = values_.find(key);
    if (it != values_.end())
      return it->second;
    std::unique_lock<std::shared_mutex> write_lock(mu_); // expect: double-lock
    return values_[key] = "default";
  }

 private:
  std::shared_mutex mu_;
  std::map<std::string, std::string> values_;
};
