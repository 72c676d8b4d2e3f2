// POSITIVE, reported once: two error paths return with the lock held. The finding goes
// to the first such return in source order; the second is the same leak of the same
// lock in the same function and is not reported separately.
#include <pthread.h>
#include <stddef.h>

struct conn {
  pthread_mutex_t mu;
  int fd;
  size_t queued;
};

int conn_send(struct conn *c, size_t len) {
  pthread_mutex_lock(&c->mu);
  if (c->fd < 0)
    return -1; // expect: lock-leak
  if (c->queued + len > 65536)
    return -2;
  c->queued += len;
  pthread_mutex_unlock(&c->mu);
  return 0;
}
