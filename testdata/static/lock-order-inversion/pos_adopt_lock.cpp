// POSITIVE: std::adopt_lock hands an already-held mutex to a guard; it is not a second
// acquisition (no double-lock), but the mutex stays held. reload() holds config_mu
// (locked by hand, adopted by the guard) and takes plugins_mu; register_plugin() takes
// them the other way round.
#include <mutex>
#include <string>
#include <vector>

static std::mutex config_mu;
static std::mutex plugins_mu;
static int config_version;
static std::vector<std::string> plugins;

void reload() {
  config_mu.lock();
  std::lock_guard<std::mutex> config_guard(config_mu, std::adopt_lock);
  config_version++;
  std::lock_guard<std::mutex> plugins_guard(plugins_mu); // expect: lock-order-inversion
  plugins.clear();
}

void register_plugin(const std::string &name) {
  std::lock_guard<std::mutex> plugins_guard(plugins_mu);
  plugins.push_back(name);
  std::lock_guard<std::mutex> config_guard(config_mu);
  config_version++;
}
