// A thread spins on pthread_mutex_trylock while another holds the lock for 300 ms:
// it never blocks, so it burns a CPU instead of waiting. Reported at the trylock,
// with the holder's site.
// expect: busy-wait
// expect-stderr: times in a row over
// expect-stderr: the lock is held by thread
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int holding;

static void *rebuild_table(void *arg) {
  (void)arg;
  pthread_mutex_lock(&table_lock);
  atomic_store(&holding, 1);
  usleep(300 * 1000);
  pthread_mutex_unlock(&table_lock);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, rebuild_table, NULL);
  while (!atomic_load(&holding))
    usleep(100);
  unsigned long spins = 0;
  while (pthread_mutex_trylock(&table_lock) != 0)
    spins++;
  pthread_mutex_unlock(&table_lock);
  pthread_join(t, NULL);
  printf("got it after %s spins\n", spins > 1000 ? "many" : "few");
  return 0;
}
