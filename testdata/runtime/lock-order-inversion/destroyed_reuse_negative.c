// Two mutexes are used in the order slot0 -> slot1, destroyed, and the same memory is
// initialized as two unrelated mutexes used in the order slot1 -> slot0. Each lock
// has a generation: the old edge does not join the new one. Not reported.
// expect-count: lock-order-inversion 0
#include <pthread.h>

static pthread_mutex_t Slot[2];

static void take(int first, int second) {
  pthread_mutex_lock(&Slot[first]);
  pthread_mutex_lock(&Slot[second]);
  pthread_mutex_unlock(&Slot[second]);
  pthread_mutex_unlock(&Slot[first]);
}

int main(void) {
  pthread_mutex_init(&Slot[0], 0);
  pthread_mutex_init(&Slot[1], 0);
  take(0, 1);
  pthread_mutex_destroy(&Slot[0]);
  pthread_mutex_destroy(&Slot[1]);

  pthread_mutex_init(&Slot[0], 0);
  pthread_mutex_init(&Slot[1], 0);
  take(1, 0);
  pthread_mutex_destroy(&Slot[0]);
  pthread_mutex_destroy(&Slot[1]);
  return 0;
}
