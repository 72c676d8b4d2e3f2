// The runtime's one decimal formatter (core/Decimal.h), which trace records, file
// names and messages all go through.
#include "core/Decimal.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

using namespace lockgraph::rt;

namespace {

std::string text(uint64_t V) {
  Decimal D = decimal(V);
  EXPECT_EQ(D.Length, std::string(D.Text).size()) << "the length matches the NUL";
  return std::string(D.Text, D.Length);
}

TEST(Decimal, DigitsMostSignificantFirst) {
  EXPECT_EQ(text(0), "0");
  EXPECT_EQ(text(7), "7");
  EXPECT_EQ(text(10), "10");
  EXPECT_EQ(text(4294967295u), "4294967295");
  EXPECT_EQ(text(UINT64_MAX), "18446744073709551615");
  for (uint64_t V : {1ull, 99ull, 100ull, 123456789ull, 1000000000000ull})
    EXPECT_EQ(text(V), std::to_string(V));
}

} // namespace
