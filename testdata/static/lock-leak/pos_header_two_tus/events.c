#include "queue.h"

static struct queue events = {PTHREAD_MUTEX_INITIALIZER, {0}, 0};

int next_event(void) {
  int ev;
  if (!queue_pop(&events, &ev))
    return -1;
  return ev;
}
