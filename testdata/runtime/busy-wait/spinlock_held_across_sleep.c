// A spinlock held across a 200 ms sleep: the other thread spins on it the whole
// time. Reported where it spins, with where the holder took it.
// expect: busy-wait
// expect-stderr: spun on
// expect-stderr: the lock is held by
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static pthread_spinlock_t stats_spin;
static atomic_int holding;
static long stats;

static void *flush_stats(void *arg) {
  (void)arg;
  pthread_spin_lock(&stats_spin);
  atomic_store(&holding, 1);
  usleep(200 * 1000); // blocking with a spinlock held
  stats = 0;
  pthread_spin_unlock(&stats_spin);
  return NULL;
}

int main(void) {
  pthread_spin_init(&stats_spin, PTHREAD_PROCESS_PRIVATE);
  pthread_t t;
  pthread_create(&t, NULL, flush_stats, NULL);
  while (!atomic_load(&holding))
    usleep(100);
  pthread_spin_lock(&stats_spin);
  stats++;
  pthread_spin_unlock(&stats_spin);
  pthread_join(t, NULL);
  printf("%ld\n", stats);
  return 0;
}
