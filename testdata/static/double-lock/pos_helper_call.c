// POSITIVE: self-deadlock through a helper. handle_request() holds stats_lock and
// calls stats_add_bytes(), which locks stats_lock again; a default pthread mutex is
// not recursive, so the thread waits for itself. Reported at the call.
#include <pthread.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long bytes_total, requests_total;

static void stats_add_bytes(long n) {
  pthread_mutex_lock(&stats_lock);
  bytes_total += n;
  pthread_mutex_unlock(&stats_lock);
}

void handle_request(long payload_bytes) {
  pthread_mutex_lock(&stats_lock);
  requests_total++;
  stats_add_bytes(payload_bytes); // expect: double-lock
  pthread_mutex_unlock(&stats_lock);
}
