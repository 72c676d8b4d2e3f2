// POSITIVE: a callback called through a field of an ops table from two threads. The
// table's initializer stores count_event in `on_event`; both the network thread and
// the timer thread call `ops->on_event()`, so count_event runs on both, and its lockless
// `events++` can lose updates.
#include <pthread.h>

struct ops {
  void (*on_event)(int kind);
};

static long events;

static void count_event(int kind) {
  (void)kind;
  events++; // expect: unprotected-rmw
}

static const struct ops default_ops = {.on_event = count_event};
static const struct ops *ops = &default_ops;

static void *net_thread(void *arg) {
  ops->on_event(1);
  return arg;
}

static void *timer_thread(void *arg) {
  ops->on_event(2);
  return arg;
}

int main(void) {
  pthread_t n, t;
  pthread_create(&n, 0, net_thread, 0);
  pthread_create(&t, 0, timer_thread, 0);
  pthread_join(n, 0);
  pthread_join(t, 0);
  return 0;
}
