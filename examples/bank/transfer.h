#ifndef BANK_TRANSFER_H
#define BANK_TRANSFER_H

#include <stdbool.h>

struct account;

/* Move amount from one account to another. Returns false on insufficient funds. */
bool transfer(struct account *from, struct account *to, long amount);

/* Check one account and flag it in the ledger when its balance is low. */
bool audit_account(struct account *a, long low_water);

#endif
