// The same readers and writer on a writer-preferring rwlock: once the writer waits,
// new readers queue behind it, so it gets in within a moment.
// expect-count: starvation 0
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static pthread_rwlock_t config_lock;
static atomic_int stop;
static int config_version;

static void *reader(void *arg) {
  (void)arg;
  while (!atomic_load(&stop)) {
    pthread_rwlock_rdlock(&config_lock);
    (void)config_version;
    pthread_rwlock_unlock(&config_lock);
  }
  return NULL;
}

static void *update_config(void *arg) {
  (void)arg;
  for (int i = 0; i < 20; i++) {
    pthread_rwlock_wrlock(&config_lock);
    config_version++;
    pthread_rwlock_unlock(&config_lock);
    struct timespec t = {0, 20 * 1000000L};
    nanosleep(&t, NULL);
  }
  return NULL;
}

int main(void) {
  pthread_rwlockattr_t a;
  pthread_rwlockattr_init(&a);
  pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&config_lock, &a);
  pthread_t r1, r2, w;
  pthread_create(&r1, NULL, reader, NULL);
  pthread_create(&r2, NULL, reader, NULL);
  pthread_create(&w, NULL, update_config, NULL);
  pthread_join(w, NULL);
  atomic_store(&stop, 1);
  pthread_join(r1, NULL);
  pthread_join(r2, NULL);
  printf("version %d\n", config_version);
  return 0;
}
