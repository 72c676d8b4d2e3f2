// POSITIVE: Cache::Put() spins on try_lock() and yields until it gets mu_, burning CPU
// for as long as a reader holds the lock, where mu_.lock() would block.
#include <mutex>
#include <thread>
#include <unordered_map>

class Cache {
 public:
  void Put(int key, int value) {
    while (!mu_.try_lock()) // expect: busy-wait
      std::this_thread::yield();
    map_[key] = value;
    mu_.unlock();
  }

  int Get(int key) {
    std::lock_guard<std::mutex> g(mu_);
    auto it = map_.find(key);
    return it == map_.end() ? -1 : it->second;
  }

 private:
  std::mutex mu_;
  std::unordered_map<int, int> map_;
};

int main() {
  Cache c;
  std::thread a([&c] { c.Put(1, 10); });
  std::thread b([&c] { c.Put(2, 20); });
  a.join();
  b.join();
  return c.Get(1) == 10 ? 0 : 1;
}
