// A counting semaphore (initialised to 4) limits concurrency; it is not a lock. The
// threads take a slot while holding M and M while holding a slot, a slot is given
// back by another thread than the one that took it, and one thread exits holding a
// slot. None of it is a lock-order-inversion, bad-unlock or lock-leak: nothing is
// reported. (Pool exhaustion is a different bug that lockgraph does not claim to find.)
// expect-count: lock-order-inversion 0
// expect-count: bad-unlock 0
// expect-count: lock-leak 0
#include <pthread.h>
#include <semaphore.h>

static sem_t Slots;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void *slot_then_mutex(void *p) {
  sem_wait(&Slots);
  pthread_mutex_lock(&M);
  pthread_mutex_unlock(&M);
  sem_post(&Slots);
  return p;
}

static void *mutex_then_slot(void *p) {
  pthread_mutex_lock(&M);
  sem_wait(&Slots); // static-expect: blocking-under-lock (held on purpose to stage the run)
  sem_post(&Slots);
  pthread_mutex_unlock(&M);
  return p;
}

static void *take_slot_and_exit(void *p) {
  sem_wait(&Slots); // given back by main
  return p;
}

int main(void) {
  sem_init(&Slots, 0, 4);
  pthread_t t;
  pthread_create(&t, 0, slot_then_mutex, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, mutex_then_slot, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, take_slot_and_exit, 0);
  pthread_join(t, 0);
  sem_post(&Slots);
  // Main takes two slots at once: not a double-lock.
  sem_wait(&Slots);
  sem_wait(&Slots);
  sem_post(&Slots);
  sem_post(&Slots);
  int v = -1;
  sem_getvalue(&Slots, &v);
  sem_destroy(&Slots);
  return v == 4 ? 0 : 1;
}
