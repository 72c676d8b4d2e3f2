#include "ledger.h"

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

// One thread, one order after the other: no deadlock, but both orders are taken.
TEST(Ledger, DepositThenAudit) {
  ledger_deposit(5);
  ledger_deposit(7);
  ledger_audit();
  EXPECT_EQ(ledger_balance(), 12);
  EXPECT_EQ(ledger_log_size(), 2);
}

// The project's own ENVIRONMENT on this test survives lockgraph_preload_tests.
TEST(Ledger, OwnEnvironmentKept) {
  const char *marker = std::getenv("LEDGER_TEST_MARKER");
  ASSERT_NE(marker, nullptr);
  EXPECT_EQ(std::string(marker), "kept");
}
