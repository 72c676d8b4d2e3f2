#include "transfer.h"

#include "account.h"
#include "ledger.h"

#include <stddef.h>

bool transfer(struct account *from, struct account *to, long amount)
{
    if (from == to || amount <= 0)
        return false;

    /*
     * Two transfers in opposite directions must not take the same pair of locks
     * in opposite orders: lock `from` then `to`, but swap them so that the account
     * with the lower id is always locked first.
     */
    struct account *first = from, *second = to;
    if (to->id < from->id) {
        first = to;
        second = from;
    }

    account_lock(first);
    account_lock(second);

    bool ok = from->balance >= amount;
    if (ok) {
        from->balance -= amount;
        to->balance += amount;
    }

    account_unlock(second);
    account_unlock(first);

    /* Recorded after the account locks are released: no lock nesting here. */
    if (ok)
        ledger_record_transfer(from->id, to->id, amount);
    return ok;
}

bool audit_account(struct account *a, long low_water)
{
    bool flagged = false;

    account_lock(a);
    long balance = account_balance_locked(a);
    if (balance < low_water) {
        /*
         * BUG: lock-order inversion. ledger_flag() takes ledger_mu while this
         * thread still holds a->lock (order: account, then ledger), whereas
         * ledger_snapshot() takes ledger_mu and then each account lock (order:
         * ledger, then account). An auditor and a snapshot running at the same
         * time can each hold one lock and wait forever for the other.
         * Fix: release a->lock before calling ledger_flag() (the balance has
         * already been copied into a local).
         */
        ledger_flag(a->id, balance, "low balance");
        flagged = true;
    }
    account_unlock(a);

    return flagged;
}
