// POSITIVE (with journal.c): store_put() calls journal_append(), defined in the other
// translation unit, while holding s->lock. The helper's write and fsync block every
// reader of the store on the disk: one finding, at the call here.
#include <pthread.h>
#include <string.h>

#include "journal.h"

struct store {
  pthread_mutex_t lock;
  int journal_fd;
  long count;
};

void store_put(struct store *s, const char *rec) {
  pthread_mutex_lock(&s->lock);
  s->count++;
  journal_append(s->journal_fd, rec, strlen(rec)); // expect: blocking-under-lock
  pthread_mutex_unlock(&s->lock);
}

long store_count(struct store *s) {
  pthread_mutex_lock(&s->lock);
  long n = s->count;
  pthread_mutex_unlock(&s->lock);
  return n;
}
