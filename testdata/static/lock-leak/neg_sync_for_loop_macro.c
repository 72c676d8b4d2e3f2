// NEGATIVE: xz's mythread_sync() idiom, a critical section written as a for-loop
// macro (the first macro below is xz's, with a per-line counter name so that SYNCs can
// nest). The outer loop's condition locks the mutex on its first evaluation and unlocks
// it on its second, which ends the loop; the inner loop runs the body exactly once.
// The only way out of the loop is through the unlock branch, so every return below
// (after a SYNC, or before any SYNC) and every closing brace leaves nothing held. Bodies
// never break or return. No finding of any kind.
#include <pthread.h>
#include <stddef.h>

static void mythread_mutex_lock(pthread_mutex_t *m) { pthread_mutex_lock(m); }
static void mythread_mutex_unlock(pthread_mutex_t *m) { pthread_mutex_unlock(m); }

#define mythread_sync(mutex) mythread_sync_helper1(mutex, __LINE__)
#define mythread_sync_helper1(mutex, line) mythread_sync_helper2(mutex, line)
#define mythread_sync_helper2(mutex, line)                                             \
  for (unsigned int mythread_i_##line = 0;                                             \
       mythread_i_##line ? (mythread_mutex_unlock(&(mutex)), 0)                        \
                         : (mythread_mutex_lock(&(mutex)), 1);                         \
       mythread_i_##line = 1)                                                          \
    for (unsigned int mythread_j_##line = 0; !mythread_j_##line; mythread_j_##line = 1)

// The same idiom with the pthread calls written in the macro itself.
#define SYNC_DIRECT(m)                                                                 \
  for (unsigned i_ = 0; i_ ? (pthread_mutex_unlock(&(m)), 0)                            \
                           : (pthread_mutex_lock(&(m)), 1);                             \
       i_ = 1)                                                                         \
    for (unsigned j_ = 0; !j_; j_ = 1)

struct obj {
  pthread_mutex_t m;
  int x;
};

struct coder {
  pthread_mutex_t mutex;
  pthread_mutex_t stats_mutex;
  int thread_error;
  unsigned long progress_in;
  struct obj *out;
};

static struct obj shared = {PTHREAD_MUTEX_INITIALIZER, 0};

void twice(struct obj *o) {
  mythread_sync(o->m) { o->x++; }
  mythread_sync(o->m) { o->x--; }
}

// Returns a value read in the critical section, after the section ended.
int read_error(struct coder *c) {
  int ret;
  mythread_sync(c->mutex) { ret = c->thread_error; }
  return ret;
}

static void add_progress(struct coder *c, unsigned long n) { c->progress_in += n; }

// Early return before any SYNC; the body calls a function; nested SYNCs on two mutexes.
int account(struct coder *c, unsigned long n) {
  if (n == 0)
    return 0;
  mythread_sync(c->mutex) {
    mythread_sync(c->stats_mutex) { add_progress(c, n); }
    twice(c->out);
  }
  return read_error(c);
}

// pthread calls directly in the macro, in a loop, then a return.
int drain(struct coder *c, int rounds) {
  int total = 0;
  for (int r = 0; r < rounds; r++) {
    SYNC_DIRECT(c->stats_mutex) { total += (int)c->progress_in; }
  }
  SYNC_DIRECT(c->mutex) { c->thread_error = 0; }
  return total;
}

static struct coder coder = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, 0, 0,
                             &shared};

static void *worker(void *arg) {
  struct coder *c = arg;
  for (unsigned long n = 0; n < 100; n++)
    account(c, n);
  drain(c, 4);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, &coder);
  pthread_create(&t2, NULL, worker, &coder);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
