// A recursive mutex taken again by its owner (statically initialized and through
// pthread_mutexattr_settype): no double-lock, no self edge, no inversion.
// expect-count: lock-order-inversion 0
#define _GNU_SOURCE
#include <pthread.h>

static pthread_mutex_t R1 = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static pthread_mutex_t R2;
static pthread_mutex_t Other = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&R2, &attr);
  pthread_mutexattr_destroy(&attr);

  pthread_mutex_lock(&R1);
  pthread_mutex_lock(&Other);
  pthread_mutex_lock(&R1); // re-entry while Other is held: not Other->R1
  pthread_mutex_unlock(&R1);
  pthread_mutex_unlock(&Other);
  pthread_mutex_unlock(&R1);

  for (int i = 0; i < 5; ++i)
    pthread_mutex_lock(&R2);
  if (pthread_mutex_trylock(&R2) == 0)
    pthread_mutex_unlock(&R2);
  for (int i = 0; i < 5; ++i)
    pthread_mutex_unlock(&R2);
  pthread_mutex_destroy(&R2);
  return 0;
}
