// NEGATIVE: withdraw() tests a->frozen without the lock and, when it is set, counts
// the rejection under a->lock. The act writes a->rejected, not a->frozen: a stale
// `frozen` only delays a rejection, the tested location is never updated on it.
#include <pthread.h>

struct account {
  pthread_mutex_t lock;
  int frozen;
  long balance;
  long rejected;
};

int withdraw(struct account *a, long n) {
  if (a->frozen) {
    pthread_mutex_lock(&a->lock);
    a->rejected++;
    pthread_mutex_unlock(&a->lock);
    return -1;
  }
  int rc = -1;
  pthread_mutex_lock(&a->lock);
  if (a->balance >= n) {
    a->balance -= n;
    rc = 0;
  }
  pthread_mutex_unlock(&a->lock);
  return rc;
}

void freeze(struct account *a) {
  pthread_mutex_lock(&a->lock);
  a->frozen = 1;
  pthread_mutex_unlock(&a->lock);
}
