// POSITIVE: workers wait for the coordinator's next phase by yielding in a do/while
// on __atomic_load_n of the shared phase counter. The atomic load is race-free, but
// the waiters spin through the scheduler for the whole phase instead of blocking.
#include <pthread.h>
#include <sched.h>
#include <stddef.h>

static int phase;
static long partial[4];

void wait_phase(int target) {
  do { // expect: busy-wait
    sched_yield();
  } while (__atomic_load_n(&phase, __ATOMIC_ACQUIRE) < target);
}

static void *worker(void *arg) {
  int id = *(int *)arg;
  wait_phase(1);
  partial[id] = id * 10;
  return NULL;
}

void start_phase(int p) { __atomic_store_n(&phase, p, __ATOMIC_RELEASE); }

int main(void) {
  pthread_t t[4];
  int ids[4] = {0, 1, 2, 3};
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, worker, &ids[i]);
  start_phase(1);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  return 0;
}
