// The same bad unlock, from the same place, 10,000 times: live output reports it once
// and counts the rest, instead of flooding stderr with identical reports.
// expect: bad-unlock
// expect-stderr: 9999 repeat(s) of findings already reported
#include <pthread.h>

static pthread_mutex_t M;

static void release(void) {
  pthread_mutex_unlock(&M); // not held: an error-checking mutex returns EPERM
}

int main(void) {
  pthread_mutexattr_t A;
  pthread_mutexattr_init(&A);
  pthread_mutexattr_settype(&A, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&M, &A);
  for (int I = 0; I < 10000; ++I)
    release();
  pthread_mutex_destroy(&M);
  return 0;
}
