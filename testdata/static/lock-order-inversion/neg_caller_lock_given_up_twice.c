// NEGATIVE: unbound's xfr_process_chunk_list(). Called with xfr->lock held, it gives
// that lock up, takes the zone lock and then xfr->lock again in the documented order
// (zone, then xfr), gives xfr->lock up once more to take the zone lock again the same
// way, and returns holding xfr->lock. No zone lock is ever taken while the caller's
// xfr->lock is held, so the only order is zone -> xfr.
#include <pthread.h>
#include <stddef.h>

#define lock_basic_lock(l) pthread_mutex_lock(l)
#define lock_basic_unlock(l) pthread_mutex_unlock(l)

struct zone {
  pthread_mutex_t lock;
  int serial;
};

struct xfer {
  pthread_mutex_t lock;
  struct zone *zone;
  int serial;
};

// Starts with no locks; ends holding z->lock and x->lock.
static void reacquire_locks(struct xfer *x) {
  lock_basic_lock(&x->zone->lock);
  lock_basic_lock(&x->lock);
}

// Called and returns with x->lock held.
static void process_chunks(struct xfer *x) {
  lock_basic_unlock(&x->lock);
  reacquire_locks(x);
  x->zone->serial = x->serial;
  lock_basic_unlock(&x->lock);
  lock_basic_unlock(&x->zone->lock);
  reacquire_locks(x);
  x->zone->serial++;
  lock_basic_unlock(&x->zone->lock);
}

void transfer_done(struct xfer *x) {
  lock_basic_lock(&x->lock);
  process_chunks(x);
  lock_basic_unlock(&x->lock);
}

void zone_setup(struct zone *z, struct xfer *x) {
  lock_basic_lock(&z->lock);
  lock_basic_lock(&x->lock);
  x->serial = z->serial;
  lock_basic_unlock(&x->lock);
  lock_basic_unlock(&z->lock);
}
