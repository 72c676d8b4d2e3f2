// Two semaphores initialised to 1 and used as locks (sem_wait = acquire, sem_post =
// release): one thread takes S1 then S2, another S2 then S1. A binary semaphore
// guards like a mutex, so the two orders can deadlock just the same. Both threads are
// created before either takes its order and neither is joined before the other has
// taken its own; a barrier (not a happens-before edge for lockgraph, and not a
// semaphore) makes s1_s2 go first, so nothing blocks. Reported once; the semaphores
// are released by the thread that took them, so there is no bad-unlock and no
// lock-leak.
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <semaphore.h>

static sem_t S1, S2;
static pthread_barrier_t Turn;

static void *s1_s2(void *p) {
  pthread_barrier_wait(&Turn); // both threads exist
  sem_wait(&S1);
  sem_wait(&S2);
  sem_post(&S2);
  sem_post(&S1);
  pthread_barrier_wait(&Turn); // S1 -> S2 taken: s2_s1's turn
  pthread_barrier_wait(&Turn); // until s2_s1 has taken S2 -> S1
  return p;
}

static void *s2_s1(void *p) {
  pthread_barrier_wait(&Turn);
  pthread_barrier_wait(&Turn);
  sem_wait(&S2);
  sem_wait(&S1);
  sem_post(&S1);
  sem_post(&S2);
  pthread_barrier_wait(&Turn);
  return p;
}

int main(void) {
  sem_init(&S1, 0, 1);
  sem_init(&S2, 0, 1);
  pthread_barrier_init(&Turn, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, s1_s2, 0);
  pthread_create(&t2, 0, s2_s1, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  pthread_barrier_destroy(&Turn);
  sem_destroy(&S1);
  sem_destroy(&S2);
  return 0;
}
