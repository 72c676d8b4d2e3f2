// POSITIVE: an order edge hidden behind a virtual call. notify_all() holds registry_mu
// while it calls h->on_event() through a Handler*. The only Handler implementation,
// CacheInvalidator, locks cache_mu in on_event(): registry_mu -> cache_mu, found by
// following the virtual call to the overriders in the class hierarchy. cache_shrink()
// holds cache_mu and then locks registry_mu (to drop handlers of evicted entries):
// cache_mu -> registry_mu. An event thread and a shrinking thread deadlock.
// The edge sites are the `h->on_event();` call in notify_all() and the registry_mu
// guard in cache_shrink(); notify_all() comes first in the file, so the finding is
// reported at the virtual call.
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
    h->on_event(); // expect: lock-order-inversion
}

void cache_shrink() {
  std::lock_guard<std::mutex> cache_guard(cache_mu);
  cache_entries /= 2;
  std::lock_guard<std::mutex> registry_guard(registry_mu);
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
