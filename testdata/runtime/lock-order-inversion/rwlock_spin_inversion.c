// Inversion between an rwlock (write side) and a spinlock, in one thread.
// expect-count: lock-order-inversion 1
#include <pthread.h>

static pthread_rwlock_t R = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t S;

int main(void) {
  pthread_spin_init(&S, PTHREAD_PROCESS_PRIVATE);
  pthread_rwlock_wrlock(&R);
  pthread_spin_lock(&S);
  pthread_spin_unlock(&S);
  pthread_rwlock_unlock(&R);

  pthread_spin_lock(&S);
  pthread_rwlock_rdlock(&R);
  pthread_rwlock_unlock(&R);
  pthread_spin_unlock(&S);
  pthread_spin_destroy(&S);
  return 0;
}
