// Thread churn: 2,000 short-lived threads, created 16 at a time and each joined,
// every one taking A then B (the global order) plus an rwlock, and naming itself.
// Thread ids, per-thread state and held sets must be recycled or cheap: no report,
// and the run takes seconds at most, not minutes.
// expect-count: lock-order-inversion 0
// expect-count: lock-leak 0
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

#define TOTAL 2000
#define BATCH 16

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t RW = PTHREAD_RWLOCK_INITIALIZER;
static long Counter;

static void *worker(void *p) {
  char name[16];
  snprintf(name, sizeof name, "churn-%ld", (long)p);
  pthread_setname_np(pthread_self(), name);
  pthread_rwlock_rdlock(&RW);
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  ++Counter;
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  pthread_rwlock_unlock(&RW);
  return p;
}

int main(void) {
  pthread_t t[BATCH];
  for (long done = 0; done < TOTAL; done += BATCH) {
    for (long i = 0; i < BATCH; ++i)
      pthread_create(&t[i], 0, worker, (void *)(done + i));
    for (int i = 0; i < BATCH; ++i)
      pthread_join(t[i], 0);
  }
  return Counter == TOTAL ? 0 : 1;
}
