// NEGATIVE: a program that starts no thread. `total` is updated under a lock in one
// place and without it in another, but main is the only thread there is: nothing can
// race, so neither the guarded nor the lockless case is reported.
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total, calls;

static void add_locked(long n) {
  pthread_mutex_lock(&lock);
  total += n;
  calls++;
  pthread_mutex_unlock(&lock);
}

static void add_fast(long n) {
  total += n;
  calls++;
}

int main(void) {
  add_locked(1);
  add_locked(2);
  add_fast(3);
  return (int)total;
}
