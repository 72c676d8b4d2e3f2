// A real deadlock through an rwlock: T1 holds R for reading and asks for M; T2 holds
// M and asks for R for writing, which waits for the reader T1. The read-held R names
// T1 as its owner ("some reader"), which closes the wait-for cycle.
// expect-count: deadlock 1
// expect-count: lock-order-inversion 1
// expect-stderr: 2 threads wait for each other in a cycle
#include <pthread.h>

static pthread_rwlock_t R = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Both;

static void *reader(void *p) {
  pthread_rwlock_rdlock(&R);
  pthread_barrier_wait(&Both);
  pthread_mutex_lock(&M);
  pthread_mutex_unlock(&M);
  pthread_rwlock_unlock(&R);
  return p;
}

static void *writer(void *p) {
  pthread_mutex_lock(&M);
  pthread_barrier_wait(&Both);
  pthread_rwlock_wrlock(&R);
  pthread_rwlock_unlock(&R);
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  pthread_barrier_init(&Both, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, reader, 0);
  pthread_create(&t2, 0, writer, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
