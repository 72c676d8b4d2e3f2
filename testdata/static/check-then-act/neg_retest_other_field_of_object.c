// NEGATIVE: memcached's extstore evictor. It picks the page with the lowest version,
// each read under that page's lock, then locks the chosen page and checks again
// that it is still open before freeing it (which writes its version). The re-test of
// another field of the same object under its lock revalidates the choice.
#include <pthread.h>

struct page {
  pthread_mutex_t mutex;
  unsigned long long version;
  int closed;
};

static struct page pages[16];

static void free_page(struct page *p) {
  p->version = 0;
  p->closed = 1;
}

void bump(struct page *p) {
  pthread_mutex_lock(&p->mutex);
  p->version = p->version + 1;
  pthread_mutex_unlock(&p->mutex);
}

void evict_oldest(void) {
  unsigned long long low = ~0ull;
  int low_page = 0;
  for (int i = 0; i < 16; i++) {
    struct page *p = &pages[i];
    pthread_mutex_lock(&p->mutex);
    if (p->version < low) {
      low = p->version;
      low_page = i;
    }
    pthread_mutex_unlock(&p->mutex);
  }
  if (low != ~0ull) {
    struct page *p = &pages[low_page];
    pthread_mutex_lock(&p->mutex);
    if (!p->closed)
      free_page(p);
    pthread_mutex_unlock(&p->mutex);
  }
}
