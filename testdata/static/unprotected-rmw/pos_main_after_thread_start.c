// POSITIVE: the same counters, but main updates one after it has started the workers
// (and through a helper the workers call too): those updates race with the workers'.
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long jobs, retries;

static void bump_retries(void) {
  retries++; // expect: unprotected-rmw
}

static void *worker(void *arg) {
  pthread_mutex_lock(&lock);
  jobs++;
  retries += 2;
  pthread_mutex_unlock(&lock);
  bump_retries();
  return arg;
}

int main(void) {
  bump_retries();
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  jobs++; // expect: unprotected-rmw
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
