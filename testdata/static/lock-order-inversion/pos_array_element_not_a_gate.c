// POSITIVE: an element of a lock array is not a gate lock. Both workers first take the
// lock of the item they work on (item_locks[i % 64]), then the two global locks, in
// opposite orders: store_item() takes alloc_lock then journal_lock, replay_item() takes
// journal_lock then alloc_lock. Each nesting happens under "an item lock", but the
// workers are handed different item numbers, so they hold DIFFERENT elements and
// nothing keeps them out of the cycle alloc_lock <-> journal_lock at the same time.
// (item_locks[] names any element, so it can never be the common gate that the same
// exact lock would be.) Reported at the first edge of the cycle in the file: the
// journal_lock acquisition in store_item().
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define NITEMS 64

static pthread_mutex_t alloc_lock;
static pthread_mutex_t journal_lock;
static pthread_mutex_t item_locks[NITEMS];
static long item_size[NITEMS];
static long allocated, journal_len;

static void store_item(unsigned i) {
  pthread_mutex_lock(&item_locks[i % NITEMS]);
  pthread_mutex_lock(&alloc_lock);
  allocated += 4096;
  pthread_mutex_lock(&journal_lock); // expect: lock-order-inversion
  journal_len++;
  item_size[i % NITEMS] = 4096;
  pthread_mutex_unlock(&journal_lock);
  pthread_mutex_unlock(&alloc_lock);
  pthread_mutex_unlock(&item_locks[i % NITEMS]);
}

static void replay_item(unsigned j) {
  pthread_mutex_lock(&item_locks[j % NITEMS]);
  pthread_mutex_lock(&journal_lock);
  journal_len--;
  pthread_mutex_lock(&alloc_lock);
  allocated -= item_size[j % NITEMS];
  item_size[j % NITEMS] = 0;
  pthread_mutex_unlock(&alloc_lock);
  pthread_mutex_unlock(&journal_lock);
  pthread_mutex_unlock(&item_locks[j % NITEMS]);
}

static void *writer(void *arg) {
  unsigned id = (unsigned)(uintptr_t)arg;
  for (unsigned n = 0; n < 1000; n++)
    store_item(id + 2 * n);
  return NULL;
}

static void *replayer(void *arg) {
  unsigned id = (unsigned)(uintptr_t)arg;
  for (unsigned n = 0; n < 1000; n++)
    replay_item(id + 3 * n);
  return NULL;
}

int main(void) {
  pthread_t w, r;
  pthread_mutex_init(&alloc_lock, NULL);
  pthread_mutex_init(&journal_lock, NULL);
  for (int k = 0; k < NITEMS; k++)
    pthread_mutex_init(&item_locks[k], NULL);
  pthread_create(&w, NULL, writer, (void *)(uintptr_t)0);
  pthread_create(&r, NULL, replayer, (void *)(uintptr_t)1);
  pthread_join(w, NULL);
  pthread_join(r, NULL);
  return 0;
}
