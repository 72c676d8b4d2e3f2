// POSITIVE: a mutex field reached through a parameter is not a gate lock when the
// callers pass different objects. attach() locks o->m, then cfg_lock, then
// stats_lock; detach() locks p->m, then stats_lock, then cfg_lock. Inside each function
// the first lock is "the parameter's m", but the thread entries pass two different
// devices (&eth0 and &eth1), so after binding the parameters the would-be gates are
// eth0.m and eth1.m: no lock is common to both nestings, and the cycle
// cfg_lock <-> stats_lock is real. Reported at the first edge of the cycle in the file:
// the stats_lock acquisition in attach().
#include <pthread.h>
#include <stddef.h>

struct obj {
  pthread_mutex_t m;
  int attached;
};

static pthread_mutex_t cfg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static struct obj eth0 = {PTHREAD_MUTEX_INITIALIZER, 0};
static struct obj eth1 = {PTHREAD_MUTEX_INITIALIZER, 0};
static int cfg_devices, stats_events;

static void attach(struct obj *o) {
  pthread_mutex_lock(&o->m);
  pthread_mutex_lock(&cfg_lock);
  cfg_devices++;
  pthread_mutex_lock(&stats_lock); // expect: lock-order-inversion
  stats_events++;
  o->attached = 1;
  pthread_mutex_unlock(&stats_lock);
  pthread_mutex_unlock(&cfg_lock);
  pthread_mutex_unlock(&o->m);
}

static void detach(struct obj *p) {
  pthread_mutex_lock(&p->m);
  pthread_mutex_lock(&stats_lock);
  stats_events++;
  pthread_mutex_lock(&cfg_lock);
  cfg_devices--;
  p->attached = 0;
  pthread_mutex_unlock(&cfg_lock);
  pthread_mutex_unlock(&stats_lock);
  pthread_mutex_unlock(&p->m);
}

static void *hotplug_eth0(void *arg) {
  (void)arg;
  attach(&eth0);
  return NULL;
}

static void *unplug_eth1(void *arg) {
  (void)arg;
  detach(&eth1);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, hotplug_eth0, NULL);
  pthread_create(&t2, NULL, unplug_eth1, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
