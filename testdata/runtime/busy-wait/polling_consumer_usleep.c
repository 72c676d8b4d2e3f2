// The polling consumer (seeds: busy waiting): it checks for an item every
// millisecond instead of waiting on a condition variable; the producer takes about
// 300 ms to produce it.
// expect: busy-wait
// expect-stderr: polls:
// expect-stderr: short sleeps in a row from one place
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int item_ready;

static void *producer(void *arg) {
  (void)arg;
  usleep(300 * 1000);
  atomic_store(&item_ready, 1);
  return NULL;
}

__attribute__((noinline)) static void wait_for_item(void) {
  while (!atomic_load(&item_ready))
    usleep(1000);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  wait_for_item();
  pthread_join(t, NULL);
  puts("consumed");
  return 0;
}
