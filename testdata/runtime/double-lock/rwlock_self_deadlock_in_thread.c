// A worker asks for the write side of an rwlock whose read side it holds, which
// glibc never grants: it waits for itself. main waits in pthread_join. The double
// lock is reported once; the watchdog ends the process (exit 66) after
// deadlock_timeout (1 s here) instead of letting it hang.
// options: deadlock_timeout=1
// expect: double-lock
// expect-within: 2
// expect-stderr: has waited 1 s for a lock it holds itself
#include <pthread.h>

static pthread_rwlock_t L = PTHREAD_RWLOCK_INITIALIZER;

static void *worker(void *p) {
  pthread_rwlock_rdlock(&L);
  pthread_rwlock_wrlock(&L); // never returns
  pthread_rwlock_unlock(&L);
  return p;
}

int main(void) {
  pthread_t T;
  pthread_create(&T, 0, worker, 0);
  pthread_join(T, 0);
  return 0;
}
