// NEGATIVE: xz's range coder style: a long run of locals recomputed from each other
// inside a loop, then tested. Following locals to their sources must visit each local
// once: copying sources at every `a = a + b` doubled them each time and took 24 GB on
// xz-utils. The branch tests locals only, so there is nothing to report.
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned total, g_seed;

unsigned mix(unsigned a, unsigned b, int rounds) {
  for (int i = 0; i < rounds; ++i) {
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
    a = a + b + g_seed;
    b = b + a;
  }
  if (a > b) {
    pthread_mutex_lock(&lock);
    total += a;
    pthread_mutex_unlock(&lock);
  }
  return a ^ b;
}
