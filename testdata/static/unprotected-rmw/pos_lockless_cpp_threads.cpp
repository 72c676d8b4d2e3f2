// POSITIVE: lockless updates from C++ thread roots. Workers built in place by
// `emplace_back` run a lambda that bumps a shared total; a std::thread running a member
// function and a std::async task bump the same stats object's field.
#include <future>
#include <thread>
#include <vector>

static long total;

struct Stats {
  long events = 0;
  void collect() {
    for (int i = 0; i < 100; i++)
      events++; // expect: unprotected-rmw
  }
};

static Stats stats;

static void drain(Stats *s) {
  s->events += 10; // expect: unprotected-rmw
}

int main() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; i++)
    pool.emplace_back([] {
      total++; // expect: unprotected-rmw
    });
  std::thread collector(&Stats::collect, &stats);
  auto done = std::async(std::launch::async, drain, &stats);
  done.wait();
  collector.join();
  for (std::thread &t : pool)
    t.join();
  return (int)total;
}
