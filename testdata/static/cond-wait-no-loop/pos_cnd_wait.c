// POSITIVE: C11 threads. acquire_slot() waits for a free connection slot under `if`;
// on a spurious wake-up, or when another worker got the freed slot first, it takes a
// slot that is not there and free_slots goes negative.
#include <stddef.h>
#include <threads.h>

static mtx_t pool_lock;
static cnd_t slot_freed;
static int free_slots;

int acquire_slot(void) {
  mtx_lock(&pool_lock);
  if (free_slots == 0)
    cnd_wait(&slot_freed, &pool_lock); // expect: cond-wait-no-loop
  free_slots = free_slots - 1;
  int slot = free_slots;
  mtx_unlock(&pool_lock);
  return slot;
}

void release_slot(void) {
  mtx_lock(&pool_lock);
  free_slots = free_slots + 1;
  cnd_signal(&slot_freed);
  mtx_unlock(&pool_lock);
}

static int worker(void *arg) {
  (void)arg;
  acquire_slot();
  release_slot();
  return 0;
}

int main(void) {
  mtx_init(&pool_lock, mtx_plain);
  cnd_init(&slot_freed);
  free_slots = 2;
  thrd_t t[4];
  for (int i = 0; i < 4; i++)
    thrd_create(&t[i], worker, NULL);
  for (int i = 0; i < 4; i++)
    thrd_join(t[i], NULL);
  return 0;
}
