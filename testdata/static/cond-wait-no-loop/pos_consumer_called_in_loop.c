// POSITIVE: take_one() is called only inside the worker's loop, but it acts on the
// condition itself before returning: after a spurious or stolen wake-up it decrements
// an empty queue's count.
#include <pthread.h>

static pthread_mutex_t mut = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static int count;

static void take_one(void) {
  pthread_mutex_lock(&mut);
  if (count == 0)
    pthread_cond_wait(&nonempty, &mut); // expect: cond-wait-no-loop
  count = count - 1;
  pthread_mutex_unlock(&mut);
}

void *worker(void *arg) {
  for (int i = 0; i < 100; i++)
    take_one();
  return arg;
}
