// NEGATIVE: main fills in the counters before it starts any thread, directly and
// through a helper only it calls at start-up: one thread, nothing can race. The
// workers then update them under the lock.
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long jobs, retries;

static void *worker(void *arg) {
  pthread_mutex_lock(&lock);
  jobs++;
  retries += 2;
  pthread_mutex_unlock(&lock);
  return arg;
}

static void preload(int n) {
  for (int i = 0; i < n; i++)
    jobs++;
}

int main(void) {
  retries++;
  preload(3);
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
