// NEGATIVE: a std::unique_lock released with unlock() and taken again with lock()
// holds the mutex once at a time; neither the relock nor the destructor is a second
// acquisition.
#include <mutex>
#include <vector>

static std::mutex jobs_mu;
static std::vector<int> jobs;

int expensive(int job) { return job * 2; }

int run_one() {
  std::unique_lock<std::mutex> lock(jobs_mu);
  if (jobs.empty())
    return 0;
  int job = jobs.back();
  jobs.pop_back();
  lock.unlock();
  int result = expensive(job);
  lock.lock();
  jobs.push_back(result);
  return 1;
}
