// NEGATIVE (by the contract "read then read is not a double-lock"): total() holds a
// std::shared_lock and calls price(), which takes another shared_lock on the same
// std::shared_mutex. Readers do not exclude readers. (Note: the C++ standard leaves
// recursive shared locking of std::shared_mutex undefined; lockgraph follows POSIX
// rwlock semantics here.)
#include <map>
#include <shared_mutex>
#include <string>
#include <vector>

class PriceTable {
 public:
  long price(const std::string &sku) const {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = prices_.find(sku);
    return it == prices_.end() ? 0 : it->second;
  }

  long total(const std::vector<std::string> &basket) const {
    std::shared_lock<std::shared_mutex> lock(mu_);
    long sum = 0;
    for (const auto &sku : basket)
      sum += price(sku);
    return sum;
  }

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, long> prices_;
};
