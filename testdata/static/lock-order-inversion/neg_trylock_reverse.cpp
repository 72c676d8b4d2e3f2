// NEGATIVE: the reverse order is taken only by try-locking. try_take() uses
// std::unique_lock with std::try_to_lock and poll() uses std::mutex::try_lock(); on
// failure both give up instead of waiting, so there is no hold-and-wait on a_mu.
#include <mutex>

static std::mutex a_mu;
static std::mutex b_mu;
static int a_value, b_value;

void ordered() {
  std::lock_guard<std::mutex> a_guard(a_mu);
  std::lock_guard<std::mutex> b_guard(b_mu);
  a_value++;
  b_value++;
}

bool try_take() {
  std::lock_guard<std::mutex> b_guard(b_mu);
  std::unique_lock<std::mutex> a_lock(a_mu, std::try_to_lock);
  if (!a_lock.owns_lock())
    return false;
  a_value++;
  b_value++;
  return true;
}

bool poll() {
  std::lock_guard<std::mutex> b_guard(b_mu);
  if (!a_mu.try_lock())
    return false;
  a_value++;
  b_value++;
  a_mu.unlock();
  return true;
}
