// POSITIVE: PT_GUARDED_BY: the counters `slots` points to are guarded by slots_lock (the
// pointer itself is set once at start-up). Most updates forget the lock, so inference
// alone (held at 1 of 3) would find no guard; the annotation names it.
#include <pthread.h>

#define PT_GUARDED_BY(x) __attribute__((pt_guarded_by(x)))

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static int *slots PT_GUARDED_BY(slots_lock);

void slot_take(int i) {
  pthread_mutex_lock(&slots_lock);
  slots[i]++;
  pthread_mutex_unlock(&slots_lock);
}

void slot_fast(int i) {
  slots[i]++; // expect: unprotected-rmw
}

void slot_drop(int i) {
  slots[i] -= 1; // expect: unprotected-rmw
}
