// NEGATIVE: two locks nested in the same order everywhere (config_lock, then
// registry_lock), directly and through a helper. An order, but no cycle.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static int config_version, registered;

static void register_locked(void) {
  pthread_mutex_lock(&registry_lock);
  registered++;
  pthread_mutex_unlock(&registry_lock);
}

static void *reload(void *arg) {
  (void)arg;
  pthread_mutex_lock(&config_lock);
  config_version++;
  register_locked();
  pthread_mutex_unlock(&config_lock);
  return NULL;
}

static void *plug_in(void *arg) {
  (void)arg;
  pthread_mutex_lock(&config_lock);
  pthread_mutex_lock(&registry_lock);
  registered++;
  config_version++;
  pthread_mutex_unlock(&registry_lock);
  pthread_mutex_unlock(&config_lock);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, reload, NULL);
  pthread_create(&t2, NULL, plug_in, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
