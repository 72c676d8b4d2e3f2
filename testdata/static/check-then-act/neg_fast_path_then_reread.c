// NEGATIVE: an unlocked fast path, then the real work reads the count again under the
// lock (fio's iolog_free_deferred). The reset acts on what the loop read under the lock,
// not on the stale test.
#include <pthread.h>
#include <stdlib.h>

struct log {
  pthread_mutex_t lock;
  int deferred;
  void *items[16];
};

void defer_free(struct log *log, void *p) {
  pthread_mutex_lock(&log->lock);
  if (log->deferred < 16)
    log->items[log->deferred++] = p;
  pthread_mutex_unlock(&log->lock);
}

void free_deferred(struct log *log) {
  if (!log->deferred)
    return;
  pthread_mutex_lock(&log->lock);
  for (int i = 0; i < log->deferred; i++) {
    free(log->items[i]);
    log->items[i] = NULL;
  }
  log->deferred = 0;
  pthread_mutex_unlock(&log->lock);
}
