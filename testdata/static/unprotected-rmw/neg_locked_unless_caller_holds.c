// NEGATIVE: the update runs under ev->mx on both paths: the function takes the lock
// itself unless its caller says it already holds it (knot's reschedule). Held on some
// paths of the function only, so held: nothing to report.
#include <pthread.h>
#include <stdbool.h>

struct events {
  pthread_mutex_t mx;
  int planned;
};

static void reschedule(struct events *ev, bool locked) {
  if (!locked)
    pthread_mutex_lock(&ev->mx);
  ev->planned++;
  pthread_mutex_unlock(&ev->mx);
}

void events_plan(struct events *ev, int when) {
  pthread_mutex_lock(&ev->mx);
  ev->planned += when;
  reschedule(ev, true);
}

void events_kick(struct events *ev) { reschedule(ev, false); }
