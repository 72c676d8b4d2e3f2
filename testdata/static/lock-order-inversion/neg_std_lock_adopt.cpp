// NEGATIVE: std::lock(a, b) acquires both mutexes as a group without deadlock,
// whatever order other callers pass them in; the lock_guards then adopt ownership
// (std::adopt_lock) and acquire nothing themselves. Two call sites with opposite
// argument orders form no cycle.
#include <mutex>

static std::mutex left_mu;
static std::mutex right_mu;
static int left_items, right_items;

void move_left_to_right() {
  std::lock(left_mu, right_mu);
  std::lock_guard<std::mutex> left_guard(left_mu, std::adopt_lock);
  std::lock_guard<std::mutex> right_guard(right_mu, std::adopt_lock);
  left_items--;
  right_items++;
}

void move_right_to_left() {
  std::lock(right_mu, left_mu);
  std::lock_guard<std::mutex> right_guard(right_mu, std::adopt_lock);
  std::lock_guard<std::mutex> left_guard(left_mu, std::adopt_lock);
  right_items--;
  left_items++;
}
