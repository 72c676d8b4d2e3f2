// NEGATIVE: the order is broken by an explicit unlock. publish() releases state_mu
// with unique_lock::unlock() before it takes log_mu, so it never holds both; audit()
// nests log_mu -> state_mu, but there is no edge back.
#include <mutex>
#include <vector>

static std::mutex state_mu;
static std::mutex log_mu;
static int state;
static std::vector<int> log_entries;

void publish(int value) {
  std::unique_lock<std::mutex> state_lock(state_mu);
  state = value;
  int snapshot = state;
  state_lock.unlock();
  std::lock_guard<std::mutex> log_guard(log_mu);
  log_entries.push_back(snapshot);
}

int audit() {
  std::lock_guard<std::mutex> log_guard(log_mu);
  std::lock_guard<std::mutex> state_guard(state_mu);
  return static_cast<int>(log_entries.size()) + state;
}
