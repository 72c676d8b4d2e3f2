// One lock, short critical sections, and a rare heavy one: now and then the
// maintenance thread holds the registry lock for 40 ms while it compacts, and the
// workers pile up behind it. The report names the holder site that made them wait.
// expect-report: contention
// expect-report-text: mutex registry_lock
// expect-report-text: the holder that made them wait most took it at rare_heavy_holder.c
// expect-report-text: in compact_registry()
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

enum { kWorkers = 3, kCompactions = 6 };

pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long registry[256];
static volatile int done;

static void spin_for_ns(long ns) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  do {
    clock_gettime(CLOCK_MONOTONIC, &b);
  } while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < ns);
}

__attribute__((noinline)) static void compact_registry(void) {
  pthread_mutex_lock(&registry_lock);
  spin_for_ns(40 * 1000000L); // the heavy section
  for (int i = 0; i < 256; i++)
    registry[i] /= 2;
  pthread_mutex_unlock(&registry_lock);
}

__attribute__((noinline)) static void register_one(unsigned long k) {
  pthread_mutex_lock(&registry_lock);
  registry[k & 255]++;
  pthread_mutex_unlock(&registry_lock);
}

static void *maintenance(void *arg) {
  (void)arg;
  for (int i = 0; i < kCompactions; i++) {
    compact_registry();
    struct timespec gap = {0, 20 * 1000000L};
    nanosleep(&gap, NULL);
  }
  done = 1;
  return NULL;
}

static void *worker(void *arg) {
  unsigned long k = (unsigned long)arg;
  while (!done) {
    register_one(k++);
    struct timespec gap = {0, 200 * 1000L}; // workers mostly do other things
    nanosleep(&gap, NULL);
  }
  return NULL;
}

int main(void) {
  pthread_t m, w[kWorkers];
  for (unsigned long i = 0; i < kWorkers; i++)
    pthread_create(&w[i], NULL, worker, (void *)i);
  pthread_create(&m, NULL, maintenance, NULL);
  pthread_join(m, NULL);
  for (int i = 0; i < kWorkers; i++)
    pthread_join(w[i], NULL);
  printf("%lu\n", registry[0]);
  return 0;
}
