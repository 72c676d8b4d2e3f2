// A suppression with '*' as its rule id suppresses every finding whose stack matches
// its glob (here this executable's module path): a thread exiting holding a mutex
// (lock-leak) and a double-lock on an error-checking mutex. Nothing is printed and
// the exit code stays the program's own (0).
// options: suppressions=%S/suppressed_all_rules.supp
// expect-count: lock-leak 0
// expect-count: double-lock 0
// expect-not-stderr: WARNING: lockgraph
#include <errno.h>
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

  pthread_mutex_t e;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&e, &attr);
  pthread_mutexattr_destroy(&attr);
  pthread_mutex_lock(&e);
  int rc = pthread_mutex_lock(&e);
  pthread_mutex_unlock(&e);
  pthread_mutex_destroy(&e);
  return rc == EDEADLK ? 0 : 1;
}
