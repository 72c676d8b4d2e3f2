#include "ledger.h"

#include <mutex>
#include <vector>

namespace {
std::mutex balance_mutex;
std::mutex log_mutex;
int balance;
std::vector<int> log_entries;
} // namespace

void ledger_deposit(int amount) {
  std::lock_guard<std::mutex> balance_lock(balance_mutex);
  balance += amount;
  std::lock_guard<std::mutex> log_lock(log_mutex); // lock-order edge
  log_entries.push_back(amount);
}

// Two threads in ledger_deposit and ledger_audit at once can deadlock.
void ledger_audit() {
  std::lock_guard<std::mutex> log_lock(log_mutex);
  int sum = 0;
  for (int e : log_entries)
    sum += e;
  std::lock_guard<std::mutex> balance_lock(balance_mutex); // lock-order edge
  balance = sum;
}

int ledger_balance() {
  std::lock_guard<std::mutex> balance_lock(balance_mutex);
  return balance;
}

int ledger_log_size() {
  std::lock_guard<std::mutex> log_lock(log_mutex);
  return static_cast<int>(log_entries.size());
}
