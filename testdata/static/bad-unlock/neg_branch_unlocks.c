// NEGATIVE: each path unlocks exactly once, in different places: the early-return
// branch unlocks before returning, the main path unlocks at the end.
#include <pthread.h>

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static int free_slots = 8;

int slot_take(void) {
  pthread_mutex_lock(&slots_lock);
  if (free_slots == 0) {
    pthread_mutex_unlock(&slots_lock);
    return -1;
  }
  free_slots--;
  pthread_mutex_unlock(&slots_lock);
  return 0;
}
