// A robust mutex whose owner thread exits holding it: that exit is a lock-leak
// (reported once), and the next pthread_mutex_lock returns EOWNERDEAD, passed through
// unchanged, with the mutex now held by the caller. So main holds it: neither that
// lock nor main's unlock after pthread_mutex_consistent is a double-lock or a
// bad-unlock, and the mutex then works normally (lock returns 0). Main's wait for the
// dead owner's mutex is not a deadlock: the kernel hands it over at once. The
// program exits 0 only if every return code is the real one.
// expect-count: lock-leak 1
// expect-count: double-lock 0
// expect-count: bad-unlock 0
// expect-count: deadlock 0
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t M;

static void *dies_holding(void *p) {
  pthread_mutex_lock(&M);
  return p;
}

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&M, &attr);
  pthread_mutexattr_destroy(&attr);

  pthread_t t;
  pthread_create(&t, 0, dies_holding, 0);
  pthread_join(t, 0);

  int ok = 1;
  if (pthread_mutex_lock(&M) != EOWNERDEAD)
    ok = 0;
  if (pthread_mutex_consistent(&M) != 0)
    ok = 0;
  if (pthread_mutex_unlock(&M) != 0)
    ok = 0;
  if (pthread_mutex_lock(&M) != 0)
    ok = 0;
  if (pthread_mutex_unlock(&M) != 0)
    ok = 0;
  if (pthread_mutex_destroy(&M) != 0)
    ok = 0;
  return ok ? 0 : 1;
}
