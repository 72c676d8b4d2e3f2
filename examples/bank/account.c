#include "account.h"

#include <stdio.h>
#include <stdlib.h>

static void check(int err, const char *what)
{
    if (err != 0) {
        fprintf(stderr, "bank: %s failed (error %d)\n", what, err);
        abort();
    }
}

void account_init(struct account *a, int id, long balance)
{
    check(pthread_mutex_init(&a->lock, NULL), "pthread_mutex_init");
    a->id = id;
    a->balance = balance;
}

void account_destroy(struct account *a)
{
    check(pthread_mutex_destroy(&a->lock), "pthread_mutex_destroy");
}

void account_lock(struct account *a)
{
    check(pthread_mutex_lock(&a->lock), "pthread_mutex_lock");
}

void account_unlock(struct account *a)
{
    check(pthread_mutex_unlock(&a->lock), "pthread_mutex_unlock");
}

long account_balance_locked(const struct account *a)
{
    return a->balance;
}
