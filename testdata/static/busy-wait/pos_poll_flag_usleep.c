// POSITIVE: the consumer polls the plain `ready` flag that the producer thread sets,
// sleeping 100 us per round: it burns wake-ups and adds latency, and the unsynchronized
// flag is also a data race (the compiler may hoist the load out of the loop).
#define _DEFAULT_SOURCE // usleep under strict -std=c11
#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

static int ready;
static int result;

static void *producer(void *arg) {
  (void)arg;
  result = 42;
  ready = 1;
  return NULL;
}

int consume(void) {
  while (!ready) // expect: busy-wait
    usleep(100);
  return result;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  int r = consume();
  pthread_join(t, NULL);
  return r == 42 ? 0 : 1;
}
