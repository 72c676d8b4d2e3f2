// POSITIVE: unlocking twice. After a refactor moved the unlock up (before the slow
// notify), the old unlock at the end stayed: the second unlock releases a mutex the
// thread no longer holds (undefined for a default pthread mutex; it may release
// another thread's critical section).
#include <pthread.h>

static pthread_mutex_t inbox_lock = PTHREAD_MUTEX_INITIALIZER;
static int inbox_count;

extern void notify_listeners(int count);

void inbox_deliver(void) {
  int count;
  pthread_mutex_lock(&inbox_lock);
  count = ++inbox_count;
  pthread_mutex_unlock(&inbox_lock);
  notify_listeners(count);
  pthread_mutex_unlock(&inbox_lock); // expect: bad-unlock
}
