// NEGATIVE (a choice for precision): memcached's do_item_unlink_q. A helper updates the
// counts without a lock of its own; one caller holds the guard around it, another
// (start-up or a `_nolock` path whose caller holds it, as far as this program shows)
// does not. Held by some caller counts as held on some paths: not reported.
#include <pthread.h>

static pthread_mutex_t lru_lock = PTHREAD_MUTEX_INITIALIZER;
static long sizes[8];

static void unlink_q(int id) { sizes[id]--; }

void unlink_locked(int id) {
  pthread_mutex_lock(&lru_lock);
  unlink_q(id);
  pthread_mutex_unlock(&lru_lock);
}

void unlink_nolock(int id) { unlink_q(id); }

void link_locked(int id) {
  pthread_mutex_lock(&lru_lock);
  sizes[id]++;
  pthread_mutex_unlock(&lru_lock);
}
