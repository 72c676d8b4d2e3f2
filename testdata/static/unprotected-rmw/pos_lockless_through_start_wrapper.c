// POSITIVE: workers started through a wrapper that passes its parameter to
// pthread_create (memcached's create_worker), in a loop: several threads run worker()
// at once, and each bumps `served` with no lock.
#include <pthread.h>

static long served;

static void create_worker(void *(*func)(void *), void *arg) {
  pthread_t t;
  pthread_create(&t, 0, func, arg);
  pthread_detach(t);
}

static void *worker(void *arg) {
  served++; // expect: unprotected-rmw
  return arg;
}

int main(void) {
  for (int i = 0; i < 4; i++)
    create_worker(worker, 0);
  return 0;
}
