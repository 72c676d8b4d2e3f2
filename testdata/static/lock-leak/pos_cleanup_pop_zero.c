// POSITIVE: pthread_cleanup_pop(0) removes the cleanup handler without running it (it
// only unlocks if the thread is cancelled), so the mutex is still held after it: the
// early return leaks it.
#include <pthread.h>

struct server {
  pthread_mutex_t mut;
  pthread_cond_t ready;
  int sessions;
};

static void unlock_on_cancel(void *m) { pthread_mutex_unlock((pthread_mutex_t *)m); }

int server_wait_idle(struct server *srv) {
  int left;
  pthread_mutex_lock(&srv->mut);
  pthread_cleanup_push(unlock_on_cancel, &srv->mut);
  while (srv->sessions > 0)
    pthread_cond_wait(&srv->ready, &srv->mut);
  left = srv->sessions;
  pthread_cleanup_pop(0);
  if (left < 0)
    return -1; // expect: lock-leak
  pthread_mutex_unlock(&srv->mut);
  return left;
}
