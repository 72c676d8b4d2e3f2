// _POSIX_C_SOURCE: pthread_rwlock_t is not declared under strict -std=c11 otherwise.
#define _POSIX_C_SOURCE 200809L
// POSITIVE: "upgrading" a pthread rwlock. refresh() holds the read side and asks for
// the write side of the same lock, which waits until all readers (itself included)
// leave: a self-deadlock (POSIX: EDEADLK or hang).
#include <pthread.h>

static pthread_rwlock_t routes_rw = PTHREAD_RWLOCK_INITIALIZER;
static int routes_stale;
static long routes_version;

void refresh(void) {
  pthread_rwlock_rdlock(&routes_rw);
  if (routes_stale) {
    pthread_rwlock_wrlock(&routes_rw); // expect: double-lock
    routes_version++;
    routes_stale = 0;
    pthread_rwlock_unlock(&routes_rw);
  }
  pthread_rwlock_unlock(&routes_rw);
}
