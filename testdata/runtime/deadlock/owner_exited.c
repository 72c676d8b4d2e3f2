// A thread exits holding a mutex (lock-leak), then main blocks on that mutex: no
// thread can ever release it. The watchdog reports the orphaned wait and exits 66.
// expect-count: lock-leak 1
// expect-count: deadlock 1
// expect-stderr: waits for a lock whose owner thread exited
#include <pthread.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void *leaky(void *p) {
  pthread_mutex_lock(&M);
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, leaky, 0);
  pthread_join(t, 0);
  pthread_mutex_lock(&M); // waits forever
  pthread_mutex_unlock(&M);
  return 0;
}
