// NEGATIVE: main counts the jobs it queues without the lock, but before it starts the
// std::thread that updates the count under the lock: one thread at that point. (The
// start is a C++ constructor; recognising it is what makes main's update start-up code.)
#include <mutex>
#include <thread>

static std::mutex mu;
static long pending;

static void queue_job() { pending++; }

int main() {
  for (int i = 0; i < 4; i++)
    queue_job();
  std::thread worker([] {
    for (int i = 0; i < 4; i++) {
      std::lock_guard<std::mutex> l(mu);
      pending--;
    }
  });
  worker.join();
  std::lock_guard<std::mutex> l(mu);
  return (int)pending;
}
