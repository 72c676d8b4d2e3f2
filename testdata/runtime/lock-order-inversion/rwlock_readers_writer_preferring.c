// The program of std_shared_readers_negative.cpp on rwlocks made writer-preferring
// (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP): two readers take A and B for
// reading in opposite orders, writers take A or B alone. With writer preference a
// read request also waits for a queued writer, so R1 (holding A) waits behind W_B,
// W_B waits for R2's read of B, R2 waits behind W_A, W_A waits for R1: a real
// deadlock among four threads. The read -> read cycle A -> B -> A is reported once.
// The four threads are created before any locks and none returns before the last is
// done, so they overlap in time; a barrier (not a happens-before edge for lockgraph)
// runs them one at a time, in turns (reader A,B; writer A; writer B; reader B,A),
// so nothing blocks. (Only the _NONRECURSIVE_ kind makes glibc readers wait for
// queued writers: checked on glibc 2.36, a rwlock of kind
// PTHREAD_RWLOCK_PREFER_WRITER_NP, despite its name, still grants a read lock past a
// queued writer, like the default PREFER_READER_NP.)
// expect-count: lock-order-inversion 1
#define _GNU_SOURCE
#include <pthread.h>

static pthread_rwlock_t A, B;

#define THREADS 4

static pthread_barrier_t Turn;

static void reader_ab(void) {
  pthread_rwlock_rdlock(&A);
  pthread_rwlock_rdlock(&B);
  pthread_rwlock_unlock(&B);
  pthread_rwlock_unlock(&A);
}

static void reader_ba(void) {
  pthread_rwlock_rdlock(&B);
  pthread_rwlock_rdlock(&A);
  pthread_rwlock_unlock(&A);
  pthread_rwlock_unlock(&B);
}

static void writer(pthread_rwlock_t *l) {
  pthread_rwlock_wrlock(l);
  pthread_rwlock_unlock(l);
}

static void *thread(void *p) {
  long me = (long)p;
  pthread_barrier_wait(&Turn); // every thread exists
  for (long turn = 0; turn < THREADS; ++turn) {
    if (turn == me) {
      if (me == 0)
        reader_ab();
      else if (me == 1)
        writer(&A);
      else if (me == 2)
        writer(&B);
      else
        reader_ba();
    }
    pthread_barrier_wait(&Turn); // turn done: the next thread's
  }
  return 0;
}

int main(void) {
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init(&attr);
  pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&A, &attr);
  pthread_rwlock_init(&B, &attr);
  pthread_rwlockattr_destroy(&attr);
  pthread_barrier_init(&Turn, 0, THREADS);
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; ++i)
    pthread_create(&t[i], 0, thread, (void *)i);
  for (int i = 0; i < THREADS; ++i)
    pthread_join(t[i], 0);
  pthread_barrier_destroy(&Turn);
  pthread_rwlock_destroy(&A);
  pthread_rwlock_destroy(&B);
  return 0;
}
