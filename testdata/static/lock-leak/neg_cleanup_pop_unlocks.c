// NEGATIVE: rsyslog's tcpsrv. The unlock is a cancellation cleanup handler that
// pthread_cleanup_pop(1) runs on the normal path too, so the mutex is released before
// the function returns.
#include <pthread.h>

struct server {
  pthread_mutex_t mut;
  pthread_cond_t ready;
  int sessions;
};

int server_wait_idle(struct server *srv) {
  int left;
  pthread_mutex_lock(&srv->mut);
  if (srv->sessions < 0) {
    pthread_mutex_unlock(&srv->mut);
    return -1;
  }
  pthread_cleanup_push((void (*)(void *))pthread_mutex_unlock, &srv->mut);
  while (srv->sessions > 0)
    pthread_cond_wait(&srv->ready, &srv->mut);
  left = srv->sessions;
  pthread_cleanup_pop(1);
  return left;
}
