// NEGATIVE: knot's zone events. reschedule() takes the event locks itself unless its
// caller says it already holds them, and releases them either way: a caller that
// passes `true` hands its locks over, so its return leaks nothing.
#include <pthread.h>
#include <stdbool.h>

struct events {
  pthread_mutex_t reschedule_lock;
  pthread_mutex_t mx;
  int planned, running;
};

static void reschedule(struct events *ev, bool locked) {
  if (!locked) {
    pthread_mutex_lock(&ev->reschedule_lock);
    pthread_mutex_lock(&ev->mx);
  }
  if (!ev->running)
    ev->planned++;
  pthread_mutex_unlock(&ev->mx);
  pthread_mutex_unlock(&ev->reschedule_lock);
}

void events_schedule(struct events *ev, int when) {
  pthread_mutex_lock(&ev->reschedule_lock);
  pthread_mutex_lock(&ev->mx);
  if (when < 0) {
    pthread_mutex_unlock(&ev->mx);
    pthread_mutex_unlock(&ev->reschedule_lock);
    return;
  }
  ev->planned = when;
  reschedule(ev, true);
}

void events_kick(struct events *ev) { reschedule(ev, false); }
