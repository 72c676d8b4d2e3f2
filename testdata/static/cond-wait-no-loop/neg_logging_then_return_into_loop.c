// NEGATIVE: rsyslog's worker idle processing. idle_wait() waits once, logs, and returns
// into the worker's `while (1)`, which tests for work again before doing any; it is
// called nowhere else. Logging changes nothing the condition depends on.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mut = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_cond = PTHREAD_COND_INITIALIZER;
static int queued, stop;
static long idle_rounds;

static void dbg(const char *msg) { fprintf(stderr, "%s\n", msg); }

static void idle_wait(void) {
  pthread_cond_wait(&work_cond, &mut);
  dbg("worker woke up");
}

void *worker(void *arg) {
  pthread_mutex_lock(&mut);
  while (!stop) {
    if (queued > 0) {
      queued--;
      continue;
    }
    idle_rounds++;
    idle_wait();
  }
  pthread_mutex_unlock(&mut);
  return arg;
}
