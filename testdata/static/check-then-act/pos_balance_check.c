// POSITIVE: withdraw() tests the balance without a->lock and takes the lock only for
// the update. Two withdrawals can both pass the test and both subtract: the account
// is overdrawn.
#include <pthread.h>
#include <stddef.h>

struct account {
  pthread_mutex_t lock;
  long balance;
};

int withdraw(struct account *a, long n) {
  if (a->balance >= n) {
    pthread_mutex_lock(&a->lock);
    a->balance -= n; // expect: check-then-act
    pthread_mutex_unlock(&a->lock);
    return 0;
  }
  return -1;
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
