// NEGATIVE: per-thread counters in a local struct (knot's kxdpgun). Each sender thread
// counts into its own `local` (handed to a helper, so its address escapes), then adds it
// to the global totals under the lock. The local's fields share a type, and so a name,
// with the locked global's: they are still the thread's own.
#include <pthread.h>

struct stats {
  long sent, received;
  pthread_mutex_t mutex;
};

static struct stats totals = {0, 0, PTHREAD_MUTEX_INITIALIZER};

static void count_reply(struct stats *s) { (void)s; }

static void add_stats(struct stats *into, const struct stats *from) {
  into->sent += from->sent;
  into->received += from->received;
}

static void *sender(void *arg) {
  struct stats local = {0, 0, PTHREAD_MUTEX_INITIALIZER};
  for (int i = 0; i < 100; i++) {
    local.sent++;
    local.received += 2;
    count_reply(&local);
  }
  pthread_mutex_lock(&totals.mutex);
  add_stats(&totals, &local);
  pthread_mutex_unlock(&totals.mutex);
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
