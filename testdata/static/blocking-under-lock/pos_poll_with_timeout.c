// POSITIVE: memcached's LRU crawler. The crawler thread holds its lock while it polls
// the client's socket for up to a second, reached through two helpers: one finding
// at the first call, the second call a note (the same poll()).
#include <poll.h>
#include <pthread.h>

static pthread_mutex_t crawler_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pollfd client;
static int crawled;

static int wait_for_client(void) { return poll(&client, 1, 1000); }

static int get_buffer(void) { return wait_for_client(); }

void crawl_step(void) {
  pthread_mutex_lock(&crawler_lock);
  crawled++;
  get_buffer(); // expect: blocking-under-lock
  wait_for_client();
  pthread_mutex_unlock(&crawler_lock);
}
