// NEGATIVE: a real double-lock through a helper, suppressed with NOLINTNEXTLINE on the
// line before the reported call (e.g. while a fix is pending).
#include <pthread.h>

static pthread_mutex_t cfg_lock = PTHREAD_MUTEX_INITIALIZER;
static int cfg_dirty, cfg_saves;

static void cfg_save(void) {
  pthread_mutex_lock(&cfg_lock);
  cfg_saves++;
  pthread_mutex_unlock(&cfg_lock);
}

void cfg_set(void) {
  pthread_mutex_lock(&cfg_lock);
  cfg_dirty = 1;
  // NOLINTNEXTLINE(lockgraph-double-lock)
  cfg_save();
  pthread_mutex_unlock(&cfg_lock);
}
