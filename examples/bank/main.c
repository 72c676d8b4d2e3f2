/*
 * A tiny bank: tellers move money between accounts, an auditor flags accounts
 * whose balance runs low, and a reporter writes balance snapshots to the ledger.
 * Every thread does a fixed amount of work, so the program terminates (unless it
 * hits the deadlock described in transfer.c).
 */
#define _POSIX_C_SOURCE 200809L /* rand_r, nanosleep */

#include "account.h"
#include "ledger.h"
#include "transfer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NACCOUNTS 8
#define NTELLERS 4
#define TRANSFERS_PER_TELLER 50000
#define AUDIT_ROUNDS 100       /* one round per AUDIT_PERIOD_US */
#define AUDIT_PERIOD_US 1000
#define SNAPSHOTS 5            /* one snapshot per SNAPSHOT_PERIOD_US */
#define SNAPSHOT_PERIOD_US 20000
#define INITIAL_BALANCE 10000L
#define LOW_WATER 500L

static struct account accounts[NACCOUNTS];

struct teller {
    pthread_t thread;
    unsigned seed;
    long completed;
};

static void sleep_us(long us)
{
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
    nanosleep(&ts, NULL);
}

static void *teller_main(void *arg)
{
    struct teller *t = arg;

    for (int i = 0; i < TRANSFERS_PER_TELLER; i++) {
        int from = rand_r(&t->seed) % NACCOUNTS;
        int to = rand_r(&t->seed) % NACCOUNTS;
        long amount = 1 + rand_r(&t->seed) % 500;
        if (transfer(&accounts[from], &accounts[to], amount))
            t->completed++;
    }
    return NULL;
}

static void *auditor_main(void *arg)
{
    long *flags = arg;

    for (int round = 0; round < AUDIT_ROUNDS; round++) {
        for (int i = 0; i < NACCOUNTS; i++)
            if (audit_account(&accounts[i], LOW_WATER))
                (*flags)++;
        sleep_us(AUDIT_PERIOD_US);
    }
    return NULL;
}

static void *reporter_main(void *arg)
{
    long *last_total = arg;

    for (int i = 0; i < SNAPSHOTS; i++) {
        sleep_us(SNAPSHOT_PERIOD_US);
        *last_total = ledger_snapshot(accounts, NACCOUNTS);
    }
    return NULL;
}

static void start(pthread_t *thread, void *(*fn)(void *), void *arg)
{
    int err = pthread_create(thread, NULL, fn, arg);
    if (err != 0) {
        fprintf(stderr, "bank: pthread_create failed (error %d)\n", err);
        exit(EXIT_FAILURE);
    }
}

int main(void)
{
    struct teller tellers[NTELLERS] = {0};
    pthread_t auditor, reporter;
    long flags = 0, snapshot_total = 0;

    for (int i = 0; i < NACCOUNTS; i++)
        account_init(&accounts[i], i + 1, INITIAL_BALANCE);

    for (int i = 0; i < NTELLERS; i++) {
        tellers[i].seed = 12345u + (unsigned)i;
        start(&tellers[i].thread, teller_main, &tellers[i]);
    }
    start(&auditor, auditor_main, &flags);
    start(&reporter, reporter_main, &snapshot_total);

    long completed = 0;
    for (int i = 0; i < NTELLERS; i++) {
        pthread_join(tellers[i].thread, NULL);
        completed += tellers[i].completed;
    }
    pthread_join(auditor, NULL);
    pthread_join(reporter, NULL);

    long total = 0;
    for (int i = 0; i < NACCOUNTS; i++) {
        total += accounts[i].balance;
        account_destroy(&accounts[i]);
    }

    printf("transfers: %ld completed, audits flagged: %ld, ledger entries: %zu\n",
           completed, flags, ledger_entries());
    printf("total balance: %ld (expected %ld), last snapshot: %ld\n",
           total, NACCOUNTS * INITIAL_BALANCE, snapshot_total);
    return total == NACCOUNTS * INITIAL_BALANCE ? EXIT_SUCCESS : EXIT_FAILURE;
}
