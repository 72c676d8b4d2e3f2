// POSITIVE: reserve_seats() reads the free seat count under the lock into a local,
// unlocks, tests the local and locks again to subtract. Between the two critical
// sections another booking can take the seats: the flight is overbooked.
#include <pthread.h>
#include <stddef.h>

struct flight {
  pthread_mutex_t lock;
  int free_seats;
};

int reserve_seats(struct flight *f, int n) {
  pthread_mutex_lock(&f->lock);
  int available = f->free_seats;
  pthread_mutex_unlock(&f->lock);
  if (available >= n) {
    pthread_mutex_lock(&f->lock);
    f->free_seats -= n; // expect: check-then-act
    pthread_mutex_unlock(&f->lock);
    return 0;
  }
  return -1;
}

void cancel_seats(struct flight *f, int n) {
  pthread_mutex_lock(&f->lock);
  f->free_seats += n;
  pthread_mutex_unlock(&f->lock);
}

static struct flight flight = {PTHREAD_MUTEX_INITIALIZER, 3};

static void *agent(void *arg) {
  (void)arg;
  reserve_seats(&flight, 2);
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, agent, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  return 0;
}
