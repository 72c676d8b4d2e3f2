// POSITIVE: lockless updates from C++ thread roots. Workers built in place by
// `emplace_back` run a lambda that bumps a shared total; a std::thread running a member
// function and a std::async task bump the same static counter.
#include <future>
#include <thread>
#include <vector>

static long total;
static long events;

struct Collector {
  void collect() {
    for (int i = 0; i < 100; i++)
      events++; // expect: unprotected-rmw
  }
};

static Collector collector_obj;

static void drain(int n) {
  events += n; // expect: unprotected-rmw
}

int main() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; i++)
    pool.emplace_back([] {
      total++; // expect: unprotected-rmw
    });
  std::thread collector(&Collector::collect, &collector_obj);
  auto done = std::async(std::launch::async, drain, 10);
  done.wait();
  collector.join();
  for (std::thread &t : pool)
    t.join();
  return (int)total;
}
