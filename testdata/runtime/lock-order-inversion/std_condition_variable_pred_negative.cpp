// std::condition_variable waits with a predicate (wait(lock, pred), wait_for and
// wait_until with a predicate, including ones that time out): the mutex is released
// for each wait and held again when the predicate is checked and on return. A
// bounded queue: the consumer waits on Q's condition, and after releasing Q takes
// Stats; the producer also takes Stats then Q (Stats -> Q), often while the consumer
// is asleep inside the wait, and waits for room on its own condition. Were Q still counted as held during the wait, the producer's Q
// request would meet a bogus owner and the consumer's next Q -> ... would look
// inverted; re-acquisition inside the wait is no double-lock, the final unlock no
// bad-unlock. Nothing is reported.
// expect-count: lock-order-inversion 0
// expect-count: double-lock 0
// expect-count: bad-unlock 0
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

static std::mutex Q, Stats;
static std::condition_variable NotEmpty, NotFull;
static std::deque<int> Items;
static long Sum, Seen;

int main() {
  using namespace std::chrono_literals;
  constexpr int kItems = 2000;
  std::thread consumer([] {
    for (int i = 0; i < kItems; ++i) {
      int v;
      {
        std::unique_lock<std::mutex> q(Q);
        if (i % 3 == 0)
          NotEmpty.wait(q, [] { return !Items.empty(); });
        else if (i % 3 == 1)
          while (!NotEmpty.wait_for(q, 5ms, [] { return !Items.empty(); })) {
          }
        else
          while (!NotEmpty.wait_until(q, std::chrono::steady_clock::now() + 5ms,
                                      [] { return !Items.empty(); })) {
          }
        v = Items.front();
        Items.pop_front();
      }
      NotFull.notify_one();
      std::lock_guard<std::mutex> s(Stats); // after Q is released
      Sum += v;
    }
  });
  for (int i = 0; i < kItems; ++i) {
    {
      std::lock_guard<std::mutex> s(Stats); // Stats -> Q, often while the
      std::lock_guard<std::mutex> q(Q);     // consumer is inside its wait
      ++Seen;
    }
    std::unique_lock<std::mutex> q(Q);
    NotFull.wait(q, [] { return Items.size() < 8; });
    Items.push_back(i);
    NotEmpty.notify_one();
  }
  consumer.join();
  // A predicate wait that times out returns false with the mutex held again.
  std::unique_lock<std::mutex> q(Q);
  bool got = NotEmpty.wait_for(q, 2ms, [] { return !Items.empty(); });
  q.unlock();
  return !got && Sum == (long)kItems * (kItems - 1) / 2 && Seen == kItems ? 0 : 1;
}
