// NEGATIVE: a helper waits on a condition with its caller's mutex (memcached's
// wait_for_thread_registration). The wait gives the mutex up and takes it back: the
// helper neither leaks it nor releases it for the caller, so the caller's own unlock is
// not a double unlock either.
#include <pthread.h>

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t init_cond = PTHREAD_COND_INITIALIZER;
static int init_count;

static void wait_for_registration(int n) {
  while (init_count < n)
    pthread_cond_wait(&init_cond, &init_lock);
}

void start_workers(int n) {
  pthread_mutex_lock(&init_lock);
  init_count = 0;
  wait_for_registration(n);
  pthread_mutex_unlock(&init_lock);
}
