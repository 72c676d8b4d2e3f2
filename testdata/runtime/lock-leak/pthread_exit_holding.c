// A thread calls pthread_exit holding two locks (one report listing both); another
// thread releases everything first and is clean.
// expect-count: lock-leak 1
#include <pthread.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t S;

static void *leaky(void *p) {
  pthread_mutex_lock(&M);
  pthread_spin_lock(&S);
  pthread_exit(p);
}

static void *clean(void *p) {
  pthread_mutex_lock(&M);
  pthread_mutex_unlock(&M);
  pthread_exit(p);
}

int main(void) {
  pthread_spin_init(&S, PTHREAD_PROCESS_PRIVATE);
  pthread_t t;
  pthread_create(&t, 0, clean, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, leaky, 0);
  pthread_join(t, 0);
  return 0;
}
