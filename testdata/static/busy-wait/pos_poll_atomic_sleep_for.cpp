// POSITIVE: Loader::Get() polls the atomic ready_ flag set by the loader thread,
// sleeping 100 us per round. The atomic makes it race-free, but the caller still
// wakes up thousands of times instead of blocking until Run() is done.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

class Loader {
 public:
  void Start() { worker_ = std::thread(&Loader::Run, this); }

  const std::vector<int> &Get() {
    while (!ready_.load(std::memory_order_acquire)) // expect: busy-wait
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    return data_;
  }

  ~Loader() {
    if (worker_.joinable())
      worker_.join();
  }

 private:
  void Run() {
    data_.assign(1000, 7);
    ready_.store(true, std::memory_order_release);
  }

  std::thread worker_;
  std::vector<int> data_;
  std::atomic<bool> ready_{false};
};

int main() {
  Loader loader;
  loader.Start();
  return loader.Get().size() == 1000 ? 0 : 1;
}
