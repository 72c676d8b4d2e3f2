// POSITIVE: main spins with an empty body on a volatile flag until the worker sets
// it. The spin burns a whole core, and volatile does not make the flag a
// synchronization primitive: it is still a data race, with no ordering for `total`.
#include <pthread.h>
#include <stddef.h>

static volatile int finished;
static long total;

static void *worker(void *arg) {
  (void)arg;
  total = 499500;
  finished = 1;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!finished) // expect: busy-wait
    ;
  pthread_join(t, NULL);
  return total > 0 ? 0 : 1;
}
