// POSITIVE: a device driver sleeps with the device lock held: dev_reset() sleeps a
// second for the hardware to settle, dev_submit() naps 500 us when the device is not
// ready. Every other submitter waits out those sleeps on d->lock.
#define _DEFAULT_SOURCE // usleep under strict -std=c11
#include <pthread.h>
#include <unistd.h>

enum { READY, RESETTING };

struct device {
  pthread_mutex_t lock;
  int state;
  int last_cmd;
  long resets;
};

void dev_reset(struct device *d) {
  pthread_mutex_lock(&d->lock);
  d->state = RESETTING;
  sleep(1); // expect: blocking-under-lock
  d->state = READY;
  d->resets++;
  pthread_mutex_unlock(&d->lock);
}

int dev_submit(struct device *d, int cmd) {
  pthread_mutex_lock(&d->lock);
  if (d->state != READY)
    usleep(500); // expect: blocking-under-lock
  d->last_cmd = cmd;
  int state = d->state;
  pthread_mutex_unlock(&d->lock);
  return state == READY ? 0 : -1;
}
