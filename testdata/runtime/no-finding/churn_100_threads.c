// 100 threads churn on a few locks in one consistent order, with trylock, rwlocks and
// condition variables; threads start and exit concurrently. No report.
// expect-count: lock-order-inversion 0
#include <pthread.h>

#define THREADS 100
#define ITERS 500

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t RW = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t CV = PTHREAD_COND_INITIALIZER;
static long Counter;

static void *worker(void *p) {
  long id = (long)p;
  for (int i = 0; i < ITERS; ++i) {
    pthread_mutex_lock(&A);
    pthread_mutex_lock(&B);
    ++Counter;
    pthread_mutex_unlock(&B);
    pthread_mutex_unlock(&A);
    if ((i + id) % 3 == 0) {
      pthread_rwlock_rdlock(&RW);
      pthread_rwlock_unlock(&RW);
    } else if ((i + id) % 3 == 1) {
      pthread_rwlock_wrlock(&RW);
      pthread_rwlock_unlock(&RW);
    }
    if (pthread_mutex_trylock(&B) == 0) {
      pthread_cond_broadcast(&CV);
      pthread_mutex_unlock(&B);
    }
  }
  return 0;
}

int main(void) {
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < THREADS; ++i)
    pthread_join(t[i], 0);
  return Counter == (long)THREADS * ITERS ? 0 : 1;
}
