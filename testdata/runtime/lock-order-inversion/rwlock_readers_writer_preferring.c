// The program of std_shared_readers_negative.cpp on rwlocks made writer-preferring
// (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP): two readers take A and B for
// reading in opposite orders, writers take A or B alone. With writer preference a
// read request also waits for a queued writer, so R1 (holding A) waits behind W_B,
// W_B waits for R2's read of B, R2 waits behind W_A, W_A waits for R1: a real
// deadlock among four threads. The read -> read cycle A -> B -> A is reported once.
// The threads run one after the other here, so nothing blocks. (Only the
// _NONRECURSIVE_ kind makes glibc readers wait for queued writers: checked on glibc
// 2.36, a rwlock of kind PTHREAD_RWLOCK_PREFER_WRITER_NP, despite its name, still
// grants a read lock past a queued writer, like the default PREFER_READER_NP.)
// expect-count: lock-order-inversion 1
#define _GNU_SOURCE
#include <pthread.h>

static pthread_rwlock_t A, B;

static void *reader_ab(void *p) {
  pthread_rwlock_rdlock(&A);
  pthread_rwlock_rdlock(&B);
  pthread_rwlock_unlock(&B);
  pthread_rwlock_unlock(&A);
  return p;
}

static void *reader_ba(void *p) {
  pthread_rwlock_rdlock(&B);
  pthread_rwlock_rdlock(&A);
  pthread_rwlock_unlock(&A);
  pthread_rwlock_unlock(&B);
  return p;
}

static void *writer(void *p) {
  pthread_rwlock_t *l = p;
  pthread_rwlock_wrlock(l);
  pthread_rwlock_unlock(l);
  return 0;
}

int main(void) {
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init(&attr);
  pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&A, &attr);
  pthread_rwlock_init(&B, &attr);
  pthread_rwlockattr_destroy(&attr);
  pthread_t t;
  pthread_create(&t, 0, reader_ab, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, writer, &A);
  pthread_join(t, 0);
  pthread_create(&t, 0, writer, &B);
  pthread_join(t, 0);
  pthread_create(&t, 0, reader_ba, 0);
  pthread_join(t, 0);
  pthread_rwlock_destroy(&A);
  pthread_rwlock_destroy(&B);
  return 0;
}
