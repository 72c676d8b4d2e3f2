#pragma once

// A balance and its audit log, each with its own mutex.
void ledger_deposit(int amount); // balance, then log
void ledger_audit();             // log, then balance: the reverse order
int ledger_balance();
int ledger_log_size();
