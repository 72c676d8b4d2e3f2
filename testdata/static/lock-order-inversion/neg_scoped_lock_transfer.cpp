// NEGATIVE: the bank transfer done right. std::scoped_lock takes both account
// mutexes with the std::lock deadlock-avoidance algorithm, so transfer(a, b) and
// transfer(b, a) running together cannot deadlock: a group has no internal order.
#include <mutex>
#include <thread>

struct Account {
  std::mutex mu;
  long balance = 100;
};

static Account checking, savings;

void transfer(Account &from, Account &to, long amount) {
  std::scoped_lock both(from.mu, to.mu);
  from.balance -= amount;
  to.balance += amount;
}

int main() {
  std::thread t1([] { transfer(checking, savings, 10); });
  std::thread t2([] { transfer(savings, checking, 20); });
  t1.join();
  t2.join();
}
