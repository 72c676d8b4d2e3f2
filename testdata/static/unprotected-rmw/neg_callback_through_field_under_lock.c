// NEGATIVE: a callback run through a field under the caller's lock (memcached's LRU
// crawler modules). The crawler thread holds crawler_lock around `mod->eval(...)`; the
// modules' eval functions update the per-class counters, which the control path also
// updates under crawler_lock. The modules are stored in the field by their
// initializers, and the only calls through it hold the lock: it is held in eval too.
#include <pthread.h>

typedef struct {
  void (*init)(void);
  void (*eval)(int id);
} crawler_module;

static pthread_mutex_t crawler_lock = PTHREAD_MUTEX_INITIALIZER;
static long reclaimed[4], checked[4];

static void expired_init(void) {}
static void expired_eval(int id) {
  reclaimed[id]++;
  checked[id] += 1;
}
static void metadump_eval(int id) { checked[id]++; }

static crawler_module expired_mod = {.init = expired_init, .eval = expired_eval};
static crawler_module metadump_mod = {expired_init, metadump_eval};

static crawler_module *active;

static void *crawler_thread(void *arg) {
  for (int i = 0; i < 4; i++) {
    pthread_mutex_lock(&crawler_lock);
    active->eval(i);
    pthread_mutex_unlock(&crawler_lock);
  }
  return arg;
}

void reset_stats(int id) {
  pthread_mutex_lock(&crawler_lock);
  reclaimed[id] = 0;
  checked[id] = 0;
  pthread_mutex_unlock(&crawler_lock);
}

void choose(int dump) {
  pthread_mutex_lock(&crawler_lock);
  active = dump ? &metadump_mod : &expired_mod;
  pthread_mutex_unlock(&crawler_lock);
}

int main(void) {
  pthread_t t;
  active = &expired_mod;
  pthread_create(&t, 0, crawler_thread, 0);
  choose(1);
  reset_stats(0);
  pthread_join(t, 0);
  return 0;
}
