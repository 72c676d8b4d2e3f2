// A mutex destroyed while its owner (this thread) still holds it: a lock-leak,
// reported at the destroy call. glibc refuses with EBUSY, which must come back
// unchanged; the mutex is then still held, so the later unlock is no bad-unlock and
// the second destroy (after the unlock) is clean. Reported once.
// expect-count: lock-leak 1
// expect-count: bad-unlock 0
#include <errno.h>
#include <pthread.h>

int main(void) {
  pthread_mutex_t m;
  pthread_mutex_init(&m, 0);
  pthread_mutex_lock(&m);
  int rc = pthread_mutex_destroy(&m); // held: lock-leak
  pthread_mutex_unlock(&m);
  int rc2 = pthread_mutex_destroy(&m);
  return rc == EBUSY && rc2 == 0 ? 0 : 1;
}
