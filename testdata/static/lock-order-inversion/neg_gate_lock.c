// NEGATIVE: a gate lock. Both bucket orders occur (move_a_to_b takes bucket_a then
// bucket_b, move_b_to_a the reverse), but every such nesting happens while
// rehash_gate is held, so only one thread at a time can be inside either nesting and
// the cycle bucket_a <-> bucket_b can never close.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t rehash_gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t bucket_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t bucket_b = PTHREAD_MUTEX_INITIALIZER;
static int count_a = 10, count_b = 10;

static void *move_a_to_b(void *arg) {
  (void)arg;
  pthread_mutex_lock(&rehash_gate);
  pthread_mutex_lock(&bucket_a);
  pthread_mutex_lock(&bucket_b);
  count_a--;
  count_b++;
  pthread_mutex_unlock(&bucket_b);
  pthread_mutex_unlock(&bucket_a);
  pthread_mutex_unlock(&rehash_gate);
  return NULL;
}

static void *move_b_to_a(void *arg) {
  (void)arg;
  pthread_mutex_lock(&rehash_gate);
  pthread_mutex_lock(&bucket_b);
  pthread_mutex_lock(&bucket_a);
  count_b--;
  count_a++;
  pthread_mutex_unlock(&bucket_a);
  pthread_mutex_unlock(&bucket_b);
  pthread_mutex_unlock(&rehash_gate);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, move_a_to_b, NULL);
  pthread_create(&t2, NULL, move_b_to_a, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
