// POSITIVE: wait_for_config() only waits (its caller holds cfg_lock), so the wait is
// judged at its calls. next_thread_count() calls it under `if` and then reads the new
// config: a spurious wake-up returns the old value. wait_version() re-tests in a loop.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t cfg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cfg_changed = PTHREAD_COND_INITIALIZER;
static int cfg_version;
static int cfg_threads = 4;

/* The caller holds cfg_lock. */
static void wait_for_config(void) { pthread_cond_wait(&cfg_changed, &cfg_lock); }

void publish_config(int threads) {
  pthread_mutex_lock(&cfg_lock);
  cfg_threads = threads;
  cfg_version = cfg_version + 1;
  pthread_cond_broadcast(&cfg_changed);
  pthread_mutex_unlock(&cfg_lock);
}

int next_thread_count(int seen_version) {
  pthread_mutex_lock(&cfg_lock);
  if (cfg_version == seen_version)
    wait_for_config(); // expect: cond-wait-no-loop
  int n = cfg_threads;
  pthread_mutex_unlock(&cfg_lock);
  return n;
}

int wait_version(int seen_version) {
  pthread_mutex_lock(&cfg_lock);
  while (cfg_version == seen_version)
    wait_for_config();
  int v = cfg_version;
  pthread_mutex_unlock(&cfg_lock);
  return v;
}

static void *resizer(void *arg) {
  (void)arg;
  int v = wait_version(0);
  next_thread_count(v);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, resizer, NULL);
  publish_config(8);
  publish_config(16);
  pthread_join(t, NULL);
  return 0;
}
