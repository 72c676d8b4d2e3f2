// NEGATIVE: per-thread counters filled by a helper (knot's kxdpgun check_dns_payload).
// Each sender passes the address of its own local stats to count_answer(); every call
// does, so what the helper updates through its parameter is the caller's local. Only
// collect() touches the shared totals, under their lock.
#include <pthread.h>

struct stats {
  pthread_mutex_t mutex;
  long answers, bytes;
};

static struct stats totals = {PTHREAD_MUTEX_INITIALIZER, 0, 0};

static void count_answer(struct stats *st, long size) {
  st->answers++;
  st->bytes += size;
}

static void collect(struct stats *into, const struct stats *from) {
  pthread_mutex_lock(&into->mutex);
  into->answers += from->answers;
  into->bytes += from->bytes;
  pthread_mutex_unlock(&into->mutex);
}

static void *sender(void *arg) {
  struct stats local = {PTHREAD_MUTEX_INITIALIZER, 0, 0};
  for (int i = 0; i < 100; i++)
    count_answer(&local, i);
  collect(&totals, &local);
  return arg;
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], 0, sender, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return 0;
}
