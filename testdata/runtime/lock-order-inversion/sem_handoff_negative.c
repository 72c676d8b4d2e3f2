// A semaphore initialised to 1 starts out looking like a lock, but here its holder
// waits on it again and another thread's sem_post ends that wait (a hand-off):
// ownership passes between threads, so it is a signal, not a lock. Its holder's
// second wait is not a double-lock, the post by a thread that never waited is not a
// bad-unlock, and nothing is left "held" at thread exit (no lock-leak). A semaphore
// first posted by a thread that never waited on it is likewise a signal from then on.
// Nothing is reported.
// expect-count: double-lock 0
// expect-count: bad-unlock 0
// expect-count: lock-leak 0
// expect-count: lock-order-inversion 0
#include <pthread.h>
#include <semaphore.h>

static sem_t Baton, Gate;
static pthread_barrier_t Waiting;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void *passer(void *p) {
  pthread_barrier_wait(&Waiting);
  sem_post(&Baton); // ends main's second wait
  return p;
}

static void *opener(void *p) {
  sem_post(&Gate); // never waited on Gate
  return p;
}

int main(void) {
  sem_init(&Baton, 0, 1);
  sem_init(&Gate, 0, 1);
  pthread_barrier_init(&Waiting, 0, 2);

  pthread_t t;
  sem_wait(&Baton);
  pthread_create(&t, 0, passer, 0);
  pthread_barrier_wait(&Waiting);
  sem_wait(&Baton); // the holder waits again: released by passer's post
  pthread_join(t, 0);
  sem_post(&Baton);

  pthread_create(&t, 0, opener, 0);
  pthread_join(t, 0);
  // Gate's value is 2 now. Were it still a lock, the second wait below would be a
  // double-lock, and Gate -> M then M -> Gate a cycle.
  sem_wait(&Gate);
  pthread_mutex_lock(&M);
  sem_wait(&Gate); // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_mutex_unlock(&M);
  sem_post(&Gate);
  sem_post(&Gate);
  sem_destroy(&Baton);
  sem_destroy(&Gate);
  pthread_barrier_destroy(&Waiting);
  return 0;
}
