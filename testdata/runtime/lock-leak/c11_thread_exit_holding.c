// C11 threads exiting while holding an mtx_t: one returns from its thrd_create'd
// function, one calls thrd_exit. glibc's thrd_create and thrd_exit reach its thread
// code internally, past pthread_create/pthread_exit interposers, so thread start and
// exit must be seen some other way. One lock-leak per thread; a third thread that
// unlocks before returning is clean. (The leaked mutexes are left alone afterwards:
// destroying them would be a second leak each.)
// expect-count: lock-leak 2
#include <threads.h>

static mtx_t A, B, C;

static int returns_holding(void *p) {
  (void)p;
  mtx_lock(&A);
  return 0;
}

static int exits_holding(void *p) {
  (void)p;
  mtx_lock(&B);
  thrd_exit(0);
}

static int clean(void *p) {
  (void)p;
  mtx_lock(&C);
  mtx_unlock(&C);
  return 0;
}

int main(void) {
  mtx_init(&A, mtx_plain);
  mtx_init(&B, mtx_plain);
  mtx_init(&C, mtx_plain);
  thrd_t t;
  thrd_create(&t, returns_holding, 0);
  thrd_join(t, 0);
  thrd_create(&t, exits_holding, 0);
  thrd_join(t, 0);
  thrd_create(&t, clean, 0);
  thrd_join(t, 0);
  mtx_destroy(&C);
  return 0;
}
