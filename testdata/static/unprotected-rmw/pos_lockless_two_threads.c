// POSITIVE: the seeds' lost update with no lock at all. Four workers run `counter += 1`
// at once (started in a loop), and a second kind of thread resets `dropped` while the
// workers bump it: no access ever holds a lock, so there is no guard to infer; the thread
// starts are the evidence.
#include <pthread.h>

static long counter;
static long dropped;

static void *worker(void *arg) {
  for (int i = 0; i < 1000; i++)
    counter += 1; // expect: unprotected-rmw
  dropped++;      // expect: unprotected-rmw
  return arg;
}

static void *reporter(void *arg) {
  dropped = 0;
  return arg;
}

int main(void) {
  pthread_t t[4], r;
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], 0, worker, 0);
  pthread_create(&r, 0, reporter, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  pthread_join(r, 0);
  return (int)counter;
}
