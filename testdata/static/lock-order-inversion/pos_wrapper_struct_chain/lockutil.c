// possess() returns with the lock held (a lock wrapper) and release() only unlocks (an
// unlock wrapper): nothing to report in this file.
#include "lockutil.h"
#include <stdlib.h>

lock *new_lock(long initial) {
  lock *bolt = malloc(sizeof(lock));
  if (bolt == NULL)
    abort();
  pthread_mutex_init(&bolt->mutex, NULL);
  bolt->value = initial;
  return bolt;
}

void free_lock(lock *bolt) {
  pthread_mutex_destroy(&bolt->mutex);
  free(bolt);
}

void possess(lock *bolt) { pthread_mutex_lock(&bolt->mutex); }

void release(lock *bolt) { pthread_mutex_unlock(&bolt->mutex); }
