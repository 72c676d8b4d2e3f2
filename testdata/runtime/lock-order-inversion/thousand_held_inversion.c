// One thread holds 1,000 mutexes at once and then takes one more (Extra), then lets
// them go in an interleaved, non-LIFO order. no-finding/thousand_locks.c checks that
// this much holding is merely survived; here the graph built under it must still be
// right:
//   1. a second thread takes m[10] then m[20] (the forward order, with nothing
//      else held): no report.
//   2. a third thread takes Extra then m[0]: with m[0] -> Extra recorded under the
//      1,000 held locks (directly, or through the chain m[0] -> ... -> m[999] ->
//      Extra), this closes a cycle: reported.
//   3. a fourth thread takes m[999] then m[0]: a cycle among the 1,000 themselves
//      (m[0] -> ... -> m[999] -> m[0]), a new closing edge: reported.
// Two reports in all; no cap on held locks hides an edge, nothing hangs. The four
// threads exist together; a barrier (not a happens-before edge for lockgraph) runs
// them one at a time, in turns.
// expect-count: lock-order-inversion 2
// expect-count: bad-unlock 0
#include <pthread.h>
#include <stdlib.h>

#define N 1000

static pthread_mutex_t *m;
static pthread_mutex_t Extra = PTHREAD_MUTEX_INITIALIZER;

static void *hold_all(void *p) {
  for (int i = 0; i < N; ++i)
    pthread_mutex_lock(&m[i]);
  pthread_mutex_lock(&Extra);
  pthread_mutex_unlock(&Extra);
  for (int i = 0; i < N; i += 2) // evens first, then odds: not LIFO
    pthread_mutex_unlock(&m[i]);
  for (int i = N - 1; i > 0; i -= 2)
    pthread_mutex_unlock(&m[i]);
  return p;
}

static void *pair(void *p) {
  pthread_mutex_t **xy = p;
  pthread_mutex_lock(xy[0]);
  pthread_mutex_lock(xy[1]);
  pthread_mutex_unlock(xy[1]);
  pthread_mutex_unlock(xy[0]);
  return 0;
}

#define TURNS 4
static pthread_barrier_t Turn;

struct step {
  void *(*fn)(void *);
  void *arg;
  int turn;
};

static void *in_turn(void *p) {
  struct step *s = p;
  for (int turn = 0; turn < TURNS; ++turn) {
    if (turn == s->turn)
      s->fn(s->arg);
    pthread_barrier_wait(&Turn);
  }
  return 0;
}

int main(void) {
  m = calloc(N, sizeof(pthread_mutex_t));
  for (int i = 0; i < N; ++i)
    pthread_mutex_init(&m[i], 0);
  pthread_mutex_t *forward[2] = {&m[10], &m[20]};
  pthread_mutex_t *extra_first[2] = {&Extra, &m[0]};
  pthread_mutex_t *last_first[2] = {&m[N - 1], &m[0]};
  struct step steps[TURNS] = {{hold_all, 0, 0},
                              {pair, forward, 1},
                              {pair, extra_first, 2},
                              {pair, last_first, 3}};
  pthread_barrier_init(&Turn, 0, TURNS);
  pthread_t t[TURNS];
  for (int i = 0; i < TURNS; ++i)
    pthread_create(&t[i], 0, in_turn, &steps[i]);
  for (int i = 0; i < TURNS; ++i)
    pthread_join(t[i], 0);
  pthread_barrier_destroy(&Turn);
  for (int i = 0; i < N; ++i)
    pthread_mutex_destroy(&m[i]);
  free(m);
  return 0;
}
