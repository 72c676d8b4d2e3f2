// NEGATIVE: withdraw() tests and updates the balance inside one critical section of
// a->lock: no other thread can change the balance between the check and the act.
#include <pthread.h>
#include <stddef.h>

struct account {
  pthread_mutex_t lock;
  long balance;
};

int withdraw(struct account *a, long n) {
  int rc = -1;
  pthread_mutex_lock(&a->lock);
  if (a->balance >= n) {
    a->balance -= n;
    rc = 0;
  }
  pthread_mutex_unlock(&a->lock);
  return rc;
}

void deposit(struct account *a, long n) {
  pthread_mutex_lock(&a->lock);
  a->balance += n;
  pthread_mutex_unlock(&a->lock);
}

static struct account shared = {PTHREAD_MUTEX_INITIALIZER, 100};

static void *customer(void *arg) {
  (void)arg;
  withdraw(&shared, 80);
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, customer, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  deposit(&shared, 10);
  return 0;
}
