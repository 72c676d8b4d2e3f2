// NEGATIVE: re-entering a recursive mutex the thread already owns is not an order.
// Scene::render() takes tree_mu_ (a std::recursive_mutex), then gpu_mu_ (a std::mutex),
// and, still holding both, calls visible_count(), which locks tree_mu_ again. That
// inner lock cannot wait (this thread owns tree_mu_ already), so it is a re-entry, not
// an acquisition of tree_mu_ while holding gpu_mu_: the only order is
// tree_mu_ -> gpu_mu_, and no cycle exists. Another thread calls visible_count() on its
// own. No finding of any kind.
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

class Scene {
 public:
  void render() {
    std::lock_guard<std::recursive_mutex> tree(tree_mu_);
    std::lock_guard<std::mutex> gpu(gpu_mu_);
    draw_calls_ += visible_count();
  }

  size_t visible_count() {
    std::lock_guard<std::recursive_mutex> tree(tree_mu_);
    size_t n = 0;
    for (bool v : visible_)
      n += v ? 1 : 0;
    return n;
  }

  void set_visible(size_t i, bool v) {
    std::lock_guard<std::recursive_mutex> tree(tree_mu_);
    if (i < visible_.size())
      visible_[i] = v;
  }

 private:
  std::recursive_mutex tree_mu_;
  std::mutex gpu_mu_;
  std::vector<bool> visible_ = std::vector<bool>(64, true);
  size_t draw_calls_ = 0;
};

static Scene scene;

int main() {
  std::thread renderer([] {
    for (int i = 0; i < 100; i++)
      scene.render();
  });
  std::thread picker([] {
    for (size_t i = 0; i < 64; i++)
      scene.set_visible(i, scene.visible_count() % 2 == 0);
  });
  renderer.join();
  picker.join();
}
