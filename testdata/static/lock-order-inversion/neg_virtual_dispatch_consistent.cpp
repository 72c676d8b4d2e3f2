// NEGATIVE (pos_virtual_dispatch.cpp is the same program with the inversion):
// notify_all() holds registry_mu while it calls h->on_event() through a Handler*; the
// only implementation, CacheInvalidator::on_event(), locks cache_mu, so following the
// virtual call gives registry_mu -> cache_mu. cache_shrink() also takes registry_mu
// first and cache_mu second. One order everywhere: no cycle.
// lockgraph-args: --indirect-calls
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

static std::mutex registry_mu;  // guards handlers
static std::mutex cache_mu;     // guards cache_generation, cache_entries
static long cache_generation;
static size_t cache_entries = 100;

struct Handler {
  virtual void on_event() = 0;
  virtual ~Handler() = default;
};

static std::vector<Handler *> handlers;

class CacheInvalidator : public Handler {
 public:
  void on_event() override {
    std::lock_guard<std::mutex> guard(cache_mu);
    cache_generation++;
  }
};

void register_handler(Handler *h) {
  std::lock_guard<std::mutex> guard(registry_mu);
  handlers.push_back(h);
}

void notify_all() {
  std::lock_guard<std::mutex> guard(registry_mu);
  for (Handler *h : handlers)
    h->on_event();
}

void cache_shrink() {
  std::lock_guard<std::mutex> registry_guard(registry_mu);
  std::lock_guard<std::mutex> cache_guard(cache_mu);
  cache_entries /= 2;
  if (handlers.size() > cache_entries)
    handlers.resize(cache_entries);
}

static CacheInvalidator invalidator;

int main() {
  register_handler(&invalidator);
  std::thread events([] {
    for (int i = 0; i < 100; i++)
      notify_all();
  });
  std::thread shrinker([] { cache_shrink(); });
  events.join();
  shrinker.join();
}
