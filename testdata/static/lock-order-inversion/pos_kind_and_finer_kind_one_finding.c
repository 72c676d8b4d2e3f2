// POSITIVE, once: one inversion seen through a lock's kind and through a finer kind of
// it is one bug. account_then_stats() and stats_then_account() invert `struct conn`'s m
// and stats_lock through a conn pointer no caller binds; the session_* pair inverts the
// same two locks reached as a session's conn (the finer kind "struct session.c ->
// struct conn.m"). Reported once, at the first pair.
#include <pthread.h>
#include <stddef.h>

struct conn {
  pthread_mutex_t m;
  int pending;
};

struct session {
  struct conn *c;
};

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *account_then_stats(void *arg) {
  struct conn *c = arg;
  pthread_mutex_lock(&c->m);
  pthread_mutex_lock(&stats_lock); // expect: lock-order-inversion
  total += c->pending;
  pthread_mutex_unlock(&stats_lock);
  pthread_mutex_unlock(&c->m);
  return NULL;
}

static void *stats_then_account(void *arg) {
  struct conn *c = arg;
  pthread_mutex_lock(&stats_lock);
  pthread_mutex_lock(&c->m);
  c->pending = 0;
  pthread_mutex_unlock(&c->m);
  pthread_mutex_unlock(&stats_lock);
  return NULL;
}

static void *session_then_stats(void *arg) {
  struct session *s = arg;
  pthread_mutex_lock(&s->c->m);
  pthread_mutex_lock(&stats_lock);
  total++;
  pthread_mutex_unlock(&stats_lock);
  pthread_mutex_unlock(&s->c->m);
  return NULL;
}

static void *stats_then_session(void *arg) {
  struct session *s = arg;
  pthread_mutex_lock(&stats_lock);
  pthread_mutex_lock(&s->c->m);
  s->c->pending++;
  pthread_mutex_unlock(&s->c->m);
  pthread_mutex_unlock(&stats_lock);
  return NULL;
}

int main(void) {
  static struct conn c = {PTHREAD_MUTEX_INITIALIZER, 0};
  static struct session s = {&c};
  void *(*conn_side[])(void *) = {account_then_stats, stats_then_account};
  void *(*session_side[])(void *) = {session_then_stats, stats_then_session};
  pthread_t t[4];
  for (int i = 0; i < 2; ++i) {
    pthread_create(&t[i], NULL, conn_side[i], &c);
    pthread_create(&t[2 + i], NULL, session_side[i], &s);
  }
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], NULL);
  return 0;
}
