// POSITIVE: two mutexes that are fields of one object, named through `this`.
// insert() takes index_mu_ then lru_mu_; evict_oldest() takes lru_mu_ then index_mu_.
// A thread inserting and a thread evicting on the same cache deadlock.
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

class SessionCache {
 public:
  void insert(int id, const std::string &user) {
    std::lock_guard<std::mutex> index_guard(this->index_mu_);
    std::lock_guard<std::mutex> lru_guard(this->lru_mu_); // expect: lock-order-inversion
    index_[id] = user;
    lru_.push_back(id);
  }

  void evict_oldest() {
    std::lock_guard<std::mutex> lru_guard(lru_mu_);
    if (lru_.empty())
      return;
    std::lock_guard<std::mutex> index_guard(index_mu_);
    index_.erase(lru_.front());
    lru_.pop_front();
  }

 private:
  std::mutex index_mu_;
  std::mutex lru_mu_;
  std::unordered_map<int, std::string> index_;
  std::deque<int> lru_;
};

static SessionCache cache;

int main() {
  std::thread writer([] { cache.insert(1, "alice"); });
  std::thread janitor([] { cache.evict_oldest(); });
  writer.join();
  janitor.join();
}
