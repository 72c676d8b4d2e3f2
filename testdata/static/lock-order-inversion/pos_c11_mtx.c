// POSITIVE: C11 <threads.h>. producer() holds buf_mtx and takes stat_mtx;
// stats_reset() holds stat_mtx and takes buf_mtx.
#include <stddef.h>
#include <threads.h>

static mtx_t buf_mtx;
static mtx_t stat_mtx;
static int buffered, produced;

static int producer(void *arg) {
  (void)arg;
  mtx_lock(&buf_mtx);
  buffered++;
  mtx_lock(&stat_mtx); // expect: lock-order-inversion
  produced++;
  mtx_unlock(&stat_mtx);
  mtx_unlock(&buf_mtx);
  return 0;
}

static int stats_reset(void *arg) {
  (void)arg;
  mtx_lock(&stat_mtx);
  mtx_lock(&buf_mtx);
  produced = buffered = 0;
  mtx_unlock(&buf_mtx);
  mtx_unlock(&stat_mtx);
  return 0;
}

int main(void) {
  thrd_t t1, t2;
  mtx_init(&buf_mtx, mtx_plain);
  mtx_init(&stat_mtx, mtx_plain);
  thrd_create(&t1, producer, NULL);
  thrd_create(&t2, stats_reset, NULL);
  thrd_join(t1, NULL);
  thrd_join(t2, NULL);
  return 0;
}
