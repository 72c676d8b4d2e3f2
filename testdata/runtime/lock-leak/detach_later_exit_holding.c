// A thread detached with pthread_detach after it started (not through the attribute)
// exits with pthread_exit holding an rwlock's read side: a lock-leak at its exit.
// A barrier lets main detach it before it takes the lock; main then waits until the
// thread is gone from /proc/self/status (at most 5 s). Reported once, naming the
// thread by the name it gave itself (T<n> "leaker").
// expect-count: lock-leak 1
// expect-stderr: "leaker"
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_rwlock_t RW = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t Detached;

static int thread_count(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  int n = -1;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "Threads:", 8) == 0)
      sscanf(line + 8, "%d", &n);
  if (f)
    fclose(f);
  return n;
}

static void *nothing(void *p) { return p; }

static void *leaky(void *p) {
  pthread_setname_np(pthread_self(), "leaker");
  pthread_barrier_wait(&Detached);
  pthread_rwlock_rdlock(&RW);
  pthread_exit(p);
}

int main(void) {
  pthread_barrier_init(&Detached, 0, 2);
  // A first thread, joined, lets the runtime start any helper thread of its own
  // (a watchdog) before the count is taken.
  pthread_t warm;
  pthread_create(&warm, 0, nothing, 0);
  pthread_join(warm, 0);
  int before = thread_count();
  pthread_t t;
  pthread_create(&t, 0, leaky, 0);
  pthread_detach(t);
  pthread_barrier_wait(&Detached);
  for (int i = 0; i < 5000 && thread_count() != before; ++i) {
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, 0);
  }
  return thread_count() == before ? 0 : 1;
}
