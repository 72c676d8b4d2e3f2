// A thread spins with sched_yield on an atomic flag that another thread sets 300 ms
// later: it burns a CPU the whole time (seeds: busy waiting).
// expect: busy-wait
// expect-stderr: sched_yield calls in a row from one place
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_bool started;

static void *starter(void *arg) {
  (void)arg;
  usleep(300 * 1000);
  atomic_store(&started, 1);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, starter, NULL);
  while (!atomic_load(&started))
    sched_yield();
  pthread_join(t, NULL);
  puts("started");
  return 0;
}
