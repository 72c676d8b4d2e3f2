// POSITIVE: Account's getter and setter each lock mu_, but withdraw() calls them in
// separate critical sections: two withdrawals can read the same balance, both pass
// the test and both store balance - n, so one withdrawal is lost or the account is
// overdrawn.
#include <mutex>
#include <thread>

class Account {
 public:
  int balance() const {
    std::lock_guard<std::mutex> g(mu_);
    return balance_;
  }

  void set_balance(int b) {
    std::lock_guard<std::mutex> g(mu_);
    balance_ = b;
  }

 private:
  mutable std::mutex mu_;
  int balance_ = 100;
};

bool withdraw(Account &acct, int n) {
  if (acct.balance() >= n) {
    acct.set_balance(acct.balance() - n); // expect: check-then-act
    return true;
  }
  return false;
}

int main() {
  Account acct;
  std::thread a([&acct] { withdraw(acct, 80); });
  std::thread b([&acct] { withdraw(acct, 80); });
  a.join();
  b.join();
  return acct.balance() >= 0 ? 0 : 1;
}
