// A thread locks a default mutex it already holds: it blocks on itself for good. The
// double-lock is reported when it asks; the watchdog then sees the thread wait for its
// own lock for deadlock_timeout (2 s) and ends the process with exit 66, instead of
// leaving it hanging until CI times out. One bug, one report: no deadlock report too.
// expect: double-lock
// expect-within: 3
// expect-stderr: for a lock it holds itself (the double-lock reported above)
#include <pthread.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_lock(&M);
  pthread_mutex_lock(&M); // never returns
  pthread_mutex_unlock(&M);
  return 0;
}
