// POSITIVE: goto-cleanup with the labels in the wrong place. The allocation failure
// jumps to `out`, past the unlock, so `return rc` leaves pool_lock held on that path
// only. Reported at that return.
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static void *pool[32];
static int pool_len;

int pool_grow(size_t size) {
  int rc = 0;
  void *block;

  pthread_mutex_lock(&pool_lock);
  block = malloc(size);
  if (!block) {
    rc = -1;
    goto out;
  }
  pool[pool_len++ & 31] = block;
  pthread_mutex_unlock(&pool_lock);
out:
  return rc; // expect: lock-leak
}
