// POSITIVE: double unlock through an unlock wrapper. session_close() already released
// s->mu by hand, then calls session_unlock(), which unlocks it again. Reported at the
// call.
#include <pthread.h>

struct session {
  pthread_mutex_t mu;
  int open;
};

void session_unlock(struct session *s) { pthread_mutex_unlock(&s->mu); }

void session_close(struct session *s) {
  pthread_mutex_lock(&s->mu);
  s->open = 0;
  pthread_mutex_unlock(&s->mu);
  session_unlock(s); // expect: bad-unlock
}
