// NEGATIVE: thread creation orders (lbzip2's primary thread). The coordinator resets the
// sequence counter and only then starts the reader, the one thread that bumps it; the
// coordinator's reset happens before everything the reader does. main only waits.
#include <pthread.h>

static unsigned long next_id;

static void *reader(void *arg) {
  for (int i = 0; i < 100; i++)
    next_id++;
  return arg;
}

static void reset(void) { next_id = 0; }

static void *coordinator(void *arg) {
  reset();
  pthread_t r;
  pthread_create(&r, 0, reader, 0);
  pthread_join(r, 0);
  return arg;
}

int main(void) {
  pthread_t c;
  pthread_create(&c, 0, coordinator, 0);
  pthread_join(c, 0);
  return 0;
}
