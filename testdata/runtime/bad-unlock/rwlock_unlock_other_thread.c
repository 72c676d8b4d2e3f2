// A read lock taken in one thread and released by another: the releasing thread does
// not hold it.
// expect-count: bad-unlock 1
// expect-count: lock-leak 1
#include <pthread.h>

static pthread_rwlock_t RW = PTHREAD_RWLOCK_INITIALIZER;

static void *reader(void *p) {
  pthread_rwlock_rdlock(&RW); // and exits holding it: lock-leak
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, reader, 0);
  pthread_join(t, 0);
  pthread_rwlock_unlock(&RW);
  return 0;
}
