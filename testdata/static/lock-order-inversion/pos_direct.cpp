// POSITIVE: the same inversion with std::mutex and std::lock_guard. deposit() takes
// accounts_mu then history_mu; audit() takes history_mu then accounts_mu. Reported once,
// at the first edge in the file (the inner guard in deposit()).
#include <mutex>
#include <thread>
#include <vector>

static std::mutex accounts_mu;
static std::mutex history_mu;
static long balance;
static std::vector<long> history;

void deposit(long amount) {
  std::lock_guard<std::mutex> accounts_guard(accounts_mu);
  std::lock_guard<std::mutex> history_guard(history_mu); // expect: lock-order-inversion
  balance += amount;
  history.push_back(amount);
}

long audit() {
  std::lock_guard<std::mutex> history_guard(history_mu);
  std::lock_guard<std::mutex> accounts_guard(accounts_mu);
  long sum = 0;
  for (long h : history)
    sum += h;
  return sum - balance;
}

int main() {
  std::thread t1([] { deposit(10); });
  std::thread t2([] { (void)audit(); });
  t1.join();
  t2.join();
}
