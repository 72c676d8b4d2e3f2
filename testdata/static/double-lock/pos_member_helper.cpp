// POSITIVE: a public method that locks calls another public method that locks the same
// std::mutex. add() holds mu_ (lock_guard) when it calls count(), whose lock_guard
// blocks forever. Reported at the call.
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

class Inventory {
 public:
  size_t count() const {
    std::lock_guard<std::mutex> guard(mu_);
    return items_.size();
  }

  void add(const std::string &sku, int qty) {
    std::lock_guard<std::mutex> guard(mu_);
    items_[sku] += qty;
    if (count() > kMaxSkus) // expect: double-lock
      overflowed_ = true;
  }

 private:
  static constexpr size_t kMaxSkus = 1000;
  mutable std::mutex mu_;
  std::map<std::string, int> items_;
  bool overflowed_ = false;
};

Inventory warehouse;
void restock() { warehouse.add("bolt-m4", 100); }
