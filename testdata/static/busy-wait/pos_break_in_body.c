// POSITIVE: job_wait() loops until the job thread sets j->done, tested by an
// `if (...) break;` at the top of the body, yielding in between. A plain field polled
// without synchronization: a busy wait and a data race.
#include <pthread.h>
#include <sched.h>
#include <stddef.h>

struct job {
  pthread_t thread;
  int input;
  int result;
  int done;
};

static void *run_job(void *arg) {
  struct job *j = arg;
  j->result = j->input * j->input;
  j->done = 1;
  return NULL;
}

void job_start(struct job *j, int input) {
  j->input = input;
  j->done = 0;
  pthread_create(&j->thread, NULL, run_job, j);
}

int job_wait(struct job *j) {
  for (;;) { // expect: busy-wait
    if (j->done)
      break;
    sched_yield();
  }
  return j->result;
}
