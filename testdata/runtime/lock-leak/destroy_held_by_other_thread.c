// A mutex destroyed by main while another thread holds it: a barrier makes the
// worker hold M before main calls pthread_mutex_destroy, and a second barrier keeps
// the worker holding it until the destroy has returned. A lock-leak, reported at the
// destroy call (once); glibc's EBUSY comes back unchanged, the worker's unlock is
// then no bad-unlock, and the final destroy after the join is clean.
// expect-count: lock-leak 1
// expect-count: bad-unlock 0
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t M;
static pthread_barrier_t Held, Destroyed;

static void *holder(void *p) {
  pthread_mutex_lock(&M);
  pthread_barrier_wait(&Held);
  pthread_barrier_wait(&Destroyed);
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  pthread_mutex_init(&M, 0);
  pthread_barrier_init(&Held, 0, 2);
  pthread_barrier_init(&Destroyed, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, holder, 0);
  pthread_barrier_wait(&Held);
  int rc = pthread_mutex_destroy(&M); // held by the worker: lock-leak
  pthread_barrier_wait(&Destroyed);
  pthread_join(t, 0);
  int rc2 = pthread_mutex_destroy(&M);
  pthread_barrier_destroy(&Held);
  pthread_barrier_destroy(&Destroyed);
  return rc == EBUSY && rc2 == 0 ? 0 : 1;
}
