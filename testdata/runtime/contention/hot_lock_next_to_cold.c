// A hot lock next to a cold one: four workers spend most of each round inside
// hot_lock, so they queue behind it; cold_lock guards a counter they bump once in a
// while. Only hot_lock is reported, with the site that waits for it.
// expect-report: contention
// expect-report-text: hot_lock
// expect-report-text: update_hot_table
// expect-report-not-text: cold_lock
#include <pthread.h>
#include <stdio.h>

enum { kThreads = 4, kRounds = 4000 };

pthread_mutex_t hot_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t cold_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long hot_table[64];
static unsigned long cold_counter;

// About 20 us of work on the table the lock guards.
__attribute__((noinline)) static void update_hot_table(unsigned long seed) {
  pthread_mutex_lock(&hot_lock);
  for (int i = 0; i < 4000; i++) {
    hot_table[i & 63] = hot_table[i & 63] * 6364136223846793005ul + seed;
    __asm__ volatile("" ::: "memory");
  }
  pthread_mutex_unlock(&hot_lock);
}

__attribute__((noinline)) static void bump_cold_counter(void) {
  pthread_mutex_lock(&cold_lock);
  cold_counter++;
  pthread_mutex_unlock(&cold_lock);
}

static void *worker(void *arg) {
  unsigned long id = (unsigned long)arg;
  for (int r = 0; r < kRounds; r++) {
    update_hot_table(id + (unsigned long)r);
    if (r % 400 == 0)
      bump_cold_counter();
  }
  return NULL;
}

int main(void) {
  pthread_t t[kThreads];
  for (unsigned long i = 0; i < kThreads; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < kThreads; i++)
    pthread_join(t[i], NULL);
  printf("cold %lu\n", cold_counter);
  return 0;
}
