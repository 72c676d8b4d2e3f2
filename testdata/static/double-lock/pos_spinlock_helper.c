// _POSIX_C_SOURCE: pthread_spinlock_t is not declared under strict -std=c11 otherwise.
#define _POSIX_C_SOURCE 200809L
// POSITIVE: spin locks are not recursive either. ring_drain() holds ring_spin and calls
// ring_reset(), which spins on ring_spin forever.
#include <pthread.h>

static pthread_spinlock_t ring_spin;
static unsigned ring_head, ring_tail;

static void ring_reset(void) {
  pthread_spin_lock(&ring_spin);
  ring_head = ring_tail = 0;
  pthread_spin_unlock(&ring_spin);
}

unsigned ring_drain(void) {
  unsigned drained;
  pthread_spin_lock(&ring_spin);
  drained = ring_head - ring_tail;
  ring_reset(); // expect: double-lock
  pthread_spin_unlock(&ring_spin);
  return drained;
}

void ring_init(void) { pthread_spin_init(&ring_spin, PTHREAD_PROCESS_PRIVATE); }
