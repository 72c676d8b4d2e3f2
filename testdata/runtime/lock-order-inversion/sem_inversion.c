// Two semaphores initialised to 1 and used as locks (sem_wait = acquire, sem_post =
// release): one thread takes S1 then S2, a later thread S2 then S1. A binary
// semaphore guards like a mutex, so the two orders can deadlock just the same.
// Reported once; the semaphores are released by the thread that took them, so there
// is no bad-unlock and no lock-leak.
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <semaphore.h>

static sem_t S1, S2;

static void *s1_s2(void *p) {
  sem_wait(&S1);
  sem_wait(&S2);
  sem_post(&S2);
  sem_post(&S1);
  return p;
}

static void *s2_s1(void *p) {
  sem_wait(&S2);
  sem_wait(&S1);
  sem_post(&S1);
  sem_post(&S2);
  return p;
}

int main(void) {
  sem_init(&S1, 0, 1);
  sem_init(&S2, 0, 1);
  pthread_t t;
  pthread_create(&t, 0, s1_s2, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, s2_s1, 0);
  pthread_join(t, 0);
  sem_destroy(&S1);
  sem_destroy(&S2);
  return 0;
}
