// NEGATIVE: xz's mythread_sync() idiom, a critical section written as a for-loop
// macro. SYNC(m) { body } locks m in the first evaluation of the outer loop's condition
// (i_ == 0), runs the body exactly once through the inner loop, and unlocks m in the
// second evaluation (i_ == 1), which ends the loop. Read without the values of i_, the
// condition looks like it could take its unlock branch first, i.e. unlock a mutex that
// is not held (or, after an earlier SYNC on the same mutex, unlock it a second time);
// no real path does that, since the unlock branch needs i_ == 1, set only after the
// lock branch and the body ran. Bodies never break or return (that would skip the
// unlock). No finding of any kind.
#include <pthread.h>
#include <stdio.h>

static void my_lock(pthread_mutex_t *m) { pthread_mutex_lock(m); }
static void my_unlock(pthread_mutex_t *m) { pthread_mutex_unlock(m); }

#define SYNC(m)                                                                        \
  for (unsigned i_ = 0; i_ ? (my_unlock(&(m)), 0) : (my_lock(&(m)), 1); i_ = 1)        \
    for (unsigned j_ = 0; !j_; j_ = 1)

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

static struct obj counter = {PTHREAD_MUTEX_INITIALIZER, 0};
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;

// Two critical sections on the same mutex, one after the other.
void twice(struct obj *o) {
  SYNC(o->m) { o->x++; }
  SYNC(o->m) { o->x--; }
}

static void log_value(int v) { printf("value %d\n", v); }

// The body calls a function (no break, no return in it).
void report(struct obj *o) {
  int v;
  SYNC(o->m) {
    v = o->x;
    log_value(v);
  }
  SYNC(log_mutex) { log_value(-v); }
}

// pthread calls directly in the macro, on a global mutex and a field, twice each.
void reset_all(struct obj *o) {
  SYNC_DIRECT(log_mutex) { fflush(stdout); }
  SYNC_DIRECT(o->m) { o->x = 0; }
  SYNC_DIRECT(o->m) { o->x = 1; }
  SYNC_DIRECT(log_mutex) { fflush(stdout); }
}

static void *worker(void *arg) {
  struct obj *o = arg;
  for (int n = 0; n < 100; n++) {
    twice(o);
    report(o);
  }
  reset_all(o);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, &counter);
  pthread_create(&t2, NULL, worker, &counter);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
