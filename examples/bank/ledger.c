#include "ledger.h"

#include "account.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define LEDGER_CAPACITY 256

enum entry_kind { ENTRY_TRANSFER, ENTRY_FLAG, ENTRY_SNAPSHOT };

struct entry {
    enum entry_kind kind;
    int from_id;
    int to_id;
    long amount;
    char note[32];
};

/* The audit log: a ring buffer guarded by ledger_mu. */
static pthread_mutex_t ledger_mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry ring[LEDGER_CAPACITY];
static size_t written;

/* Caller must hold ledger_mu. */
static struct entry *next_entry(enum entry_kind kind)
{
    struct entry *e = &ring[written++ % LEDGER_CAPACITY];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    return e;
}

void ledger_record_transfer(int from_id, int to_id, long amount)
{
    pthread_mutex_lock(&ledger_mu);
    struct entry *e = next_entry(ENTRY_TRANSFER);
    e->from_id = from_id;
    e->to_id = to_id;
    e->amount = amount;
    pthread_mutex_unlock(&ledger_mu);
}

void ledger_flag(int account_id, long balance, const char *reason)
{
    pthread_mutex_lock(&ledger_mu);
    struct entry *e = next_entry(ENTRY_FLAG);
    e->from_id = account_id;
    e->amount = balance;
    snprintf(e->note, sizeof e->note, "%s", reason);
    pthread_mutex_unlock(&ledger_mu);
}

/*
 * Lock order here: ledger_mu, then account->lock.
 * Holding ledger_mu for the whole walk keeps the snapshot entries contiguous
 * in the log.
 */
long ledger_snapshot(struct account *accounts, size_t n)
{
    long total = 0;

    pthread_mutex_lock(&ledger_mu);
    for (size_t i = 0; i < n; i++) {
        account_lock(&accounts[i]);
        long balance = account_balance_locked(&accounts[i]);
        account_unlock(&accounts[i]);

        struct entry *e = next_entry(ENTRY_SNAPSHOT);
        e->from_id = accounts[i].id;
        e->amount = balance;
        total += balance;
    }
    pthread_mutex_unlock(&ledger_mu);
    return total;
}

size_t ledger_entries(void)
{
    pthread_mutex_lock(&ledger_mu);
    size_t n = written;
    pthread_mutex_unlock(&ledger_mu);
    return n;
}
