// NEGATIVE: a gate lock named through a parameter that IS the same object everywhere.
// attach() locks o->m, then cfg_lock, then stats_lock; detach() locks p->m, then
// stats_lock, then cfg_lock: the two global locks in both orders. But both helpers are
// static and only ever called directly with &g (the one device), so once the parameters
// are bound both nestings run under g.m: only one thread at a time can be inside either
// of them and the cycle cfg_lock <-> stats_lock can never close.
// (pos_field_of_two_objects_not_a_gate.c is the same program with two devices.)
#include <pthread.h>
#include <stddef.h>

struct obj {
  pthread_mutex_t m;
  int attached;
};

static pthread_mutex_t cfg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static struct obj g = {PTHREAD_MUTEX_INITIALIZER, 0};
static int cfg_devices, stats_events;

static void attach(struct obj *o) {
  pthread_mutex_lock(&o->m);
  pthread_mutex_lock(&cfg_lock);
  cfg_devices++;
  pthread_mutex_lock(&stats_lock);
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

static void *hotplug(void *arg) {
  (void)arg;
  attach(&g);
  return NULL;
}

static void *unplug(void *arg) {
  (void)arg;
  detach(&g);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, hotplug, NULL);
  pthread_create(&t2, NULL, unplug, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
