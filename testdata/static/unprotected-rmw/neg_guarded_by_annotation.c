// NEGATIVE: the annotation names the guard. `hits` is declared GUARDED_BY(stats_lock),
// and every update holds it. Most accesses are reports that read it under big_lock
// only, so inference alone would pick big_lock (held at 4 of 5 accesses, weighted) and
// report the update in stats_only, which holds only stats_lock.
#include <pthread.h>

#define GUARDED_BY(x) __attribute__((guarded_by(x)))

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long hits GUARDED_BY(stats_lock);
static long seen[3];

void serve(void) {
  pthread_mutex_lock(&big_lock);
  pthread_mutex_lock(&stats_lock);
  hits++;
  pthread_mutex_unlock(&stats_lock);
  pthread_mutex_unlock(&big_lock);
}

void report_a(void) {
  pthread_mutex_lock(&big_lock);
  seen[0] = hits;
  pthread_mutex_unlock(&big_lock);
}

void report_b(void) {
  pthread_mutex_lock(&big_lock);
  seen[1] = hits;
  pthread_mutex_unlock(&big_lock);
}

void report_c(void) {
  pthread_mutex_lock(&big_lock);
  seen[2] = hits;
  pthread_mutex_unlock(&big_lock);
}

void stats_only(void) {
  pthread_mutex_lock(&stats_lock);
  hits += 2;
  pthread_mutex_unlock(&stats_lock);
}
