// NEGATIVE: std::unique_lock::unlock() releases the mutex and records that the guard no
// longer owns it, so the destructor does not unlock again.
#include <mutex>
#include <vector>

static std::mutex results_mu;
static std::vector<int> results;

void publish(int value);

void collect(int value) {
  std::unique_lock<std::mutex> lock(results_mu);
  results.push_back(value);
  size_t n = results.size();
  lock.unlock();
  publish(static_cast<int>(n));
}
