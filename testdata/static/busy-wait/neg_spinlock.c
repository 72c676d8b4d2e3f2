// NEGATIVE: a spinlock and a seqlock reader written the usual way: an empty spin on
// atomic_flag_test_and_set, and a pause-only spin while the sequence number is odd.
// Both wait for a short critical section of another thread, not for its progress.
#include <stdatomic.h>

static atomic_flag slot_lock = ATOMIC_FLAG_INIT;
static _Atomic unsigned seq;
static int slot_value;

void spin_lock(void) {
  while (atomic_flag_test_and_set_explicit(&slot_lock, memory_order_acquire))
    ;
}

void spin_unlock(void) { atomic_flag_clear_explicit(&slot_lock, memory_order_release); }

void slot_store(int v) {
  spin_lock();
  atomic_fetch_add_explicit(&seq, 1, memory_order_release);
  slot_value = v;
  atomic_fetch_add_explicit(&seq, 1, memory_order_release);
  spin_unlock();
}

unsigned read_begin(void) {
  unsigned s;
  while ((s = atomic_load_explicit(&seq, memory_order_acquire)) & 1u)
    __builtin_ia32_pause();
  return s;
}

int slot_load(void) {
  unsigned s = read_begin();
  int v = slot_value;
  return atomic_load_explicit(&seq, memory_order_acquire) == s ? v : -1;
}
