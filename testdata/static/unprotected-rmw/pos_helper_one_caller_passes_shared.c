// POSITIVE: the helper counts into whatever it is given. The senders give it their own
// local stats, but the reply thread gives it the shared totals, without their lock, while
// collect() updates them under it: the helper's update is not always on a local.
#include <pthread.h>

struct stats {
  pthread_mutex_t mutex;
  long answers;
};

static struct stats totals = {PTHREAD_MUTEX_INITIALIZER, 0};

static void count_answer(struct stats *st) {
  st->answers++; // expect: unprotected-rmw
}

static void collect(struct stats *into, const struct stats *from) {
  pthread_mutex_lock(&into->mutex);
  into->answers += from->answers;
  pthread_mutex_unlock(&into->mutex);
}

static void *sender(void *arg) {
  struct stats local = {PTHREAD_MUTEX_INITIALIZER, 0};
  count_answer(&local);
  collect(&totals, &local);
  return arg;
}

static void *reply_thread(void *arg) {
  count_answer(&totals);
  return arg;
}

int main(void) {
  pthread_t s[2], r;
  for (int i = 0; i < 2; i++)
    pthread_create(&s[i], 0, sender, 0);
  pthread_create(&r, 0, reply_thread, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(s[i], 0);
  pthread_join(r, 0);
  return 0;
}
