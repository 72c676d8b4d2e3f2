// NEGATIVE: a function that returns the page locked on success and unlocked on failure
// (memcached's extstore_write_request). Its caller releases the lock later, which shows
// the hand-over is the function's contract, not a leak.
#include <pthread.h>
#include <stddef.h>

struct page { pthread_mutex_t mutex; int free; };
static struct page pages[4];

struct page *reserve_page(int i) {
  struct page *p = &pages[i];
  pthread_mutex_lock(&p->mutex);
  if (p->free <= 0) {
    pthread_mutex_unlock(&p->mutex);
    return NULL;
  }
  p->free--;
  return p; // leaves p locked for the caller
}

void write_page(int i) {
  struct page *p = reserve_page(i);
  if (p == NULL)
    return;
  p->free += 0;
  pthread_mutex_unlock(&p->mutex);
}
