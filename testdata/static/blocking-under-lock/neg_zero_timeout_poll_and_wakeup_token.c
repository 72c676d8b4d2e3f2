// NEGATIVE: memcached's logger and worker notification. poll() with a zero timeout
// only looks at the descriptors and returns, and writing an 8-byte wake-up token to
// an eventfd (or one byte to a pipe) returns at once: neither blocks the lock's other
// users. (rules/apis/posix.yaml: nowait-when.)
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <unistd.h>

static pthread_mutex_t watchers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pollfd watchers[16];
static int nwatchers, notify_fd;

int poll_watchers(void) {
  pthread_mutex_lock(&watchers_lock);
  int ready = poll(watchers, nwatchers, 0);
  pthread_mutex_unlock(&watchers_lock);
  return ready;
}

void wake_worker(void) {
  uint64_t one = 1;
  char token = 'c';
  pthread_mutex_lock(&watchers_lock);
  nwatchers++;
  write(notify_fd, &one, sizeof(uint64_t));
  write(notify_fd, &token, 1);
  pthread_mutex_unlock(&watchers_lock);
}
