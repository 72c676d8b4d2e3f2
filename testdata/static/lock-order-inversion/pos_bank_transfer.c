// POSITIVE: the bank-transfer deadlock. transfer() locks the source account, then the
// destination, through its parameters. pay_bob() calls transfer(&alice, &bob) and
// pay_alice() calls transfer(&bob, &alice): the caller's locks make the edges
// alice.mu -> bob.mu and bob.mu -> alice.mu. Both edges are taken at the second lock
// call inside transfer() (the function holding the first lock), so that is where the
// one finding goes. Not a double-lock: from->mu and to->mu are different accounts.
#include <pthread.h>
#include <stddef.h>

struct account {
  pthread_mutex_t mu;
  long balance;
};

static struct account alice = {PTHREAD_MUTEX_INITIALIZER, 100};
static struct account bob = {PTHREAD_MUTEX_INITIALIZER, 100};

static void transfer(struct account *from, struct account *to, long amount) {
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu); // expect: lock-order-inversion
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
}

static void *pay_bob(void *arg) {
  (void)arg;
  transfer(&alice, &bob, 10);
  return NULL;
}

static void *pay_alice(void *arg) {
  (void)arg;
  transfer(&bob, &alice, 5);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, pay_bob, NULL);
  pthread_create(&t2, NULL, pay_alice, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
