// NEGATIVE: rsyslog's grammar. The first mutex is released by pthread_cleanup_pop(1)
// before the second is taken, so config_reload() never holds both; only
// stats_flush() nests them.
#include <pthread.h>

static pthread_mutex_t config_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_mutex = PTHREAD_MUTEX_INITIALIZER;
static int generation, reloads;

static void release_mutex(void *m) { pthread_mutex_unlock((pthread_mutex_t *)m); }

void config_reload(void) {
  pthread_mutex_lock(&config_mutex);
  pthread_cleanup_push(release_mutex, &config_mutex);
  ++generation;
  pthread_cleanup_pop(1);

  pthread_mutex_lock(&stats_mutex);
  ++reloads;
  pthread_mutex_unlock(&stats_mutex);
}

int stats_flush(void) {
  int g;
  pthread_mutex_lock(&stats_mutex);
  pthread_mutex_lock(&config_mutex);
  g = generation;
  pthread_mutex_unlock(&config_mutex);
  pthread_mutex_unlock(&stats_mutex);
  return g;
}
