#ifndef BANK_ACCOUNT_H
#define BANK_ACCOUNT_H

#include <pthread.h>

struct account {
    pthread_mutex_t lock; /* protects balance */
    int id;
    long balance;         /* in cents */
};

void account_init(struct account *a, int id, long balance);
void account_destroy(struct account *a);

void account_lock(struct account *a);
void account_unlock(struct account *a);

/* Caller must hold a->lock. */
long account_balance_locked(const struct account *a);

#endif
