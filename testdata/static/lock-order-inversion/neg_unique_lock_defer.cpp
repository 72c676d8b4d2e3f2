// NEGATIVE: std::unique_lock with std::defer_lock constructs the guards without
// locking; std::lock then acquires both as one deadlock-free group. The two functions
// name the mutexes in opposite orders, which is fine for a group.
#include <mutex>

struct Queue {
  std::mutex mu;
  int size = 0;
};

static Queue inbox, outbox;

void forward() {
  std::unique_lock<std::mutex> in_lock(inbox.mu, std::defer_lock);
  std::unique_lock<std::mutex> out_lock(outbox.mu, std::defer_lock);
  std::lock(in_lock, out_lock);
  inbox.size--;
  outbox.size++;
}

void bounce() {
  std::unique_lock<std::mutex> out_lock(outbox.mu, std::defer_lock);
  std::unique_lock<std::mutex> in_lock(inbox.mu, std::defer_lock);
  std::lock(out_lock, in_lock);
  outbox.size--;
  inbox.size++;
}
