// A suppressions file whose lines match this executable but name other rules
// (double-lock, lock-leak, bad-unlock, deadlock) does not suppress a
// lock-order-inversion; a commented-out line for the right rule does not either. The
// double-lock on an error-checking mutex afterwards IS suppressed (it matches
// double-lock:*suppression_other_rule*). One report, exit 66.
// options: suppressions=%S/suppression_other_rule.supp
// expect-count: lock-order-inversion 1
// expect-count: double-lock 0
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

static void take(pthread_mutex_t *x, pthread_mutex_t *y) {
  pthread_mutex_lock(x);
  pthread_mutex_lock(y);
  pthread_mutex_unlock(y);
  pthread_mutex_unlock(x);
}

int main(void) {
  take(&A, &B);
  take(&B, &A);

  pthread_mutex_t e;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&e, &attr);
  pthread_mutexattr_destroy(&attr);
  pthread_mutex_lock(&e);
  int rc = pthread_mutex_lock(&e); // double-lock, suppressed
  pthread_mutex_unlock(&e);
  pthread_mutex_destroy(&e);
  return rc == EDEADLK ? 0 : 1;
}
