#ifndef BANK_LEDGER_H
#define BANK_LEDGER_H

#include <stddef.h>

struct account;

/* Append a completed transfer to the audit log. Takes the ledger lock only. */
void ledger_record_transfer(int from_id, int to_id, long amount);

/* Flag an account for review. Takes the ledger lock only. */
void ledger_flag(int account_id, long balance, const char *reason);

/*
 * Write a consistent snapshot of all balances to the audit log.
 * Takes the ledger lock, then each account's lock in turn.
 */
long ledger_snapshot(struct account *accounts, size_t n);

/* Number of entries written so far. */
size_t ledger_entries(void);

#endif
