// Destroying locks that are no longer held is clean: a mutex, an rwlock and a
// spinlock destroyed after their unlock; a mutex re-initialised (pthread_mutex_init
// on the same address after destroy) and then used by another thread and destroyed
// again; a heap mutex destroyed, freed, and its memory reused for a fresh mutex that
// is locked and unlocked. The fresh lock at a reused address starts unheld, so
// nothing held by the old one carries over. Nothing is reported.
// expect-count: lock-leak 0
// expect-count: bad-unlock 0
// expect-count: double-lock 0
// expect-count: lock-order-inversion 0
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t M;

static void *user(void *p) {
  pthread_mutex_lock(&M);
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  pthread_rwlock_t rw;
  pthread_spinlock_t sp;
  pthread_rwlock_init(&rw, 0);
  pthread_spin_init(&sp, PTHREAD_PROCESS_PRIVATE);
  pthread_rwlock_wrlock(&rw);
  pthread_rwlock_unlock(&rw);
  pthread_spin_lock(&sp);
  pthread_spin_unlock(&sp);
  int bad = pthread_rwlock_destroy(&rw) != 0;
  pthread_spin_destroy(&sp);

  for (int round = 0; round < 3; ++round) {
    pthread_mutex_init(&M, 0);
    pthread_mutex_lock(&M);
    pthread_mutex_unlock(&M);
    pthread_t t;
    pthread_create(&t, 0, user, 0);
    pthread_join(t, 0);
    bad |= pthread_mutex_destroy(&M) != 0;
  }

  pthread_mutex_t *h = malloc(sizeof *h);
  pthread_mutex_init(h, 0);
  pthread_mutex_lock(h);
  pthread_mutex_unlock(h);
  bad |= pthread_mutex_destroy(h) != 0;
  free(h);
  pthread_mutex_t *h2 = malloc(sizeof *h2); // usually the same address
  pthread_mutex_init(h2, 0);
  pthread_mutex_lock(h2);
  pthread_mutex_unlock(h2);
  bad |= pthread_mutex_destroy(h2) != 0;
  free(h2);
  return bad;
}
