// NEGATIVE: a timed wait used as the period of a loop (fio's exit_thread, knot's
// dt_join). After each wait the thread prunes old entries and counts, which changes
// nothing the loop tests; the loop's condition is tested again before anything relies
// on `done`.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int done;
static long pruned;

static void prune_old(void) { pruned++; }

void *reaper(void *arg) {
  pthread_mutex_lock(&lock);
  while (!done) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 1;
    pthread_cond_timedwait(&cond, &lock, &ts);
    prune_old();
  }
  pthread_mutex_unlock(&lock);
  return arg;
}
