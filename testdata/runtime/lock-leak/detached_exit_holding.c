// A detached thread returns from its start routine holding a mutex: a lock-leak at
// its exit, as for a joined thread, although nobody joins it. Main cannot join, so it
// waits until the thread is gone from /proc/self/status ("Threads:" back to the count
// before it was created; the kernel updates it only after the thread's user-space
// exit, where the report is made), for at most 5 s. Reported once.
// expect-count: lock-leak 1
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

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
  pthread_mutex_lock(&M);
  return p;
}

int main(void) {
  // A first thread, joined, lets the runtime start any helper thread of its own
  // (a watchdog) before the count is taken.
  pthread_t warm;
  pthread_create(&warm, 0, nothing, 0);
  pthread_join(warm, 0);
  int before = thread_count();
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  pthread_create(&t, &attr, leaky, 0);
  pthread_attr_destroy(&attr);
  for (int i = 0; i < 5000 && thread_count() != before; ++i) {
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, 0);
  }
  return thread_count() == before ? 0 : 1;
}
