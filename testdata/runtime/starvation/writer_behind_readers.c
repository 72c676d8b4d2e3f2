// A writer behind a stream of overlapping readers on a reader-preferring rwlock
// (glibc's default): the readers hand the read lock to each other so that it is
// never free, and the writer waits until they stop, about 1.5 s, while they take it
// thousands of times.
// expect: starvation
// expect-stderr: while other threads acquired it
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
static atomic_int acquires, stop;
static int config_version;

static void *reader(void *arg) {
  (void)arg;
  while (!atomic_load(&stop)) {
    pthread_rwlock_rdlock(&config_lock);
    int mine = atomic_fetch_add(&acquires, 1) + 1;
    // Leave only once the other reader has come in after this one: the latest
    // reader always stays, so the lock is never free.
    while (atomic_load(&acquires) == mine && !atomic_load(&stop))
      __asm__ volatile("" ::: "memory");
    (void)config_version;
    pthread_rwlock_unlock(&config_lock);
  }
  return NULL;
}

__attribute__((noinline)) static void *update_config(void *arg) {
  (void)arg;
  pthread_rwlock_wrlock(&config_lock);
  config_version++;
  pthread_rwlock_unlock(&config_lock);
  return NULL;
}

int main(void) {
  pthread_t r1, r2, w;
  pthread_create(&r1, NULL, reader, NULL);
  pthread_create(&r2, NULL, reader, NULL);
  struct timespec t = {0, 50 * 1000000L};
  nanosleep(&t, NULL);
  pthread_create(&w, NULL, update_config, NULL);
  t.tv_sec = 1;
  t.tv_nsec = 500 * 1000000L;
  nanosleep(&t, NULL);
  atomic_store(&stop, 1);
  pthread_join(r1, NULL);
  pthread_join(r2, NULL);
  pthread_join(w, NULL);
  printf("version %d\n", config_version);
  return 0;
}
