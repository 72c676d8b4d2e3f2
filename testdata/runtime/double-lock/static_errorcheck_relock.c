// An error-checking mutex initialised statically (PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP,
// never passed to pthread_mutex_init) keeps its type under the library: relocked by
// its owner it is reported as a double-lock and glibc's EDEADLK comes back unchanged
// (the call does not hang). Its second unlock is a bad-unlock, with EPERM unchanged.
// A static recursive mutex (PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP) relocked by its
// owner is neither.
// expect-count: double-lock 1
// expect-count: bad-unlock 1
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t E = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
static pthread_mutex_t R = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

int main(void) {
  pthread_mutex_lock(&R);
  pthread_mutex_lock(&R);
  pthread_mutex_unlock(&R);
  pthread_mutex_unlock(&R);

  pthread_mutex_lock(&E);
  int rc = pthread_mutex_lock(&E); // EDEADLK: double-lock
  pthread_mutex_unlock(&E);
  int rc2 = pthread_mutex_unlock(&E); // EPERM: bad-unlock
  return rc == EDEADLK && rc2 == EPERM ? 0 : 1;
}
