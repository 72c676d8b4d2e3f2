// NEGATIVE: the kernel-style goto-cleanup pattern done right: every error path jumps
// to a label before the single unlock, so each exit releases pool_lock exactly once.
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static void *pool[32];
static int pool_len;

int pool_grow(size_t size) {
  int rc = 0;
  void *block;

  pthread_mutex_lock(&pool_lock);
  if (pool_len >= 32) {
    rc = -2;
    goto unlock;
  }
  block = malloc(size);
  if (!block) {
    rc = -1;
    goto unlock;
  }
  pool[pool_len++] = block;
unlock:
  pthread_mutex_unlock(&pool_lock);
  return rc;
}
