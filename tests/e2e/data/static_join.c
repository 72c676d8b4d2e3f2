#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER, d = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t e = PTHREAD_MUTEX_INITIALIZER, f = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t turn;

static void ab(void) { pthread_mutex_lock(&a); pthread_mutex_lock(&b); pthread_mutex_unlock(&b); pthread_mutex_unlock(&a); }
static void ba(void) { pthread_mutex_lock(&b); pthread_mutex_lock(&a); pthread_mutex_unlock(&a); pthread_mutex_unlock(&b); }
static void cd(void) { pthread_mutex_lock(&c); pthread_mutex_lock(&d); pthread_mutex_unlock(&d); pthread_mutex_unlock(&c); }
static void dc(void) { pthread_mutex_lock(&d); pthread_mutex_lock(&c); pthread_mutex_unlock(&c); pthread_mutex_unlock(&d); }
static void ef(void) { pthread_mutex_lock(&e); pthread_mutex_lock(&f); pthread_mutex_unlock(&f); pthread_mutex_unlock(&e); }
static void fe(void) { pthread_mutex_lock(&f); pthread_mutex_lock(&e); pthread_mutex_unlock(&e); pthread_mutex_unlock(&f); }

static void *t1(void *x) { ab(); pthread_barrier_wait(&turn); return x; }
static void *t2(void *x) { pthread_barrier_wait(&turn); ba(); return x; }
static void *t3(void *x) { fe(); return x; }

static atomic_int ready;
static void *setter(void *x) { usleep(200 * 1000); atomic_store(&ready, 1); return x; }
/* A poll both halves see: check (a sleep between tests of a flag another thread
   writes) and run (short sleeps in a row): one finding after the join. */
static void wait_ready(void) {
  while (!atomic_load(&ready))
    usleep(1000);
}

int main(int argc, char **argv) {
  (void)argv;
  pthread_barrier_init(&turn, NULL, 2);
  pthread_t x, y, z;
  pthread_create(&x, NULL, t1, NULL);
  pthread_create(&y, NULL, t2, NULL);
  pthread_join(x, NULL);
  pthread_join(y, NULL);
  cd();
  if (argc > 5)
    dc(); /* never at run time: the tests never take d then c */
  ef();   /* before the thread that takes f then e exists: no overlap */
  pthread_create(&z, NULL, t3, NULL);
  pthread_join(z, NULL);
  pthread_t w;
  pthread_create(&w, NULL, setter, NULL);
  wait_ready();
  pthread_join(w, NULL);
  return 0;
}
