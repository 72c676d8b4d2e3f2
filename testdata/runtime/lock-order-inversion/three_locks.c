// A->B, B->C, C->A in three threads: a cycle of length three. The three threads are
// created before any takes its order and none returns before the last order is
// taken, so the orders could overlap in time; a barrier (not a happens-before edge
// for lockgraph) runs them one at a time, in turns, so nothing blocks.
// expect-count: lock-order-inversion 1
#include <pthread.h>

#define THREADS 3

static pthread_mutex_t M[3] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                               PTHREAD_MUTEX_INITIALIZER};
static pthread_barrier_t Turn;

static void *worker(void *p) {
  long i = (long)p;
  pthread_barrier_wait(&Turn); // every thread exists
  for (long turn = 0; turn < THREADS; ++turn) {
    if (turn == i) {
      pthread_mutex_lock(&M[i]);
      pthread_mutex_lock(&M[(i + 1) % 3]);
      pthread_mutex_unlock(&M[(i + 1) % 3]);
      pthread_mutex_unlock(&M[i]);
    }
    pthread_barrier_wait(&Turn); // turn done: the next thread's
  }
  return 0;
}

int main(void) {
  pthread_barrier_init(&Turn, 0, THREADS);
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < THREADS; ++i)
    pthread_join(t[i], 0);
  pthread_barrier_destroy(&Turn);
  return 0;
}
