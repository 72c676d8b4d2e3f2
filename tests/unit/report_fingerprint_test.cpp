// Finding fingerprints (report/include/lockgraph/Fingerprint.h): stable across runs,
// sensitive to the rule, to key order and to how keys are split.
#include "lockgraph/Fingerprint.h"

#include <gtest/gtest.h>

#include <set>

using namespace lockgraph;

namespace {

bool isLowerHex16(const std::string &S) {
  if (S.size() != 16)
    return false;
  for (char C : S)
    if (!((C >= '0' && C <= '9') || (C >= 'a' && C <= 'f')))
      return false;
  return true;
}

TEST(FingerprintTest, SixteenHexDigits) {
  for (const std::vector<std::string> &Keys :
       {std::vector<std::string>{}, std::vector<std::string>{"@c:@a", "@c:@b"},
        std::vector<std::string>{std::string(10000, 'x')}}) {
    std::string F = computeFingerprint("lock-order-inversion", Keys);
    EXPECT_TRUE(isLowerHex16(F)) << F;
  }
}

TEST(FingerprintTest, Stable) {
  std::vector<std::string> Keys = {"@c:@g_a", "@c:@g_b", "c:@F@transfer"};
  std::string First = computeFingerprint("lock-order-inversion", Keys);
  for (int I = 0; I < 3; ++I)
    EXPECT_EQ(computeFingerprint("lock-order-inversion", Keys), First);
  // A copy of the keys, not the same storage.
  std::vector<std::string> Copy(Keys.begin(), Keys.end());
  EXPECT_EQ(computeFingerprint("lock-order-inversion", Copy), First);
}

TEST(FingerprintTest, KnownValue) {
  // SHA-1 of the rule, then "\x1f" and each key; the first 8 bytes. Pins the algorithm,
  // so that a change invalidating every stored baseline is noticed.
  EXPECT_EQ(computeFingerprint("double-lock", {"a"}), "5cb2cdf1a909df47");
  EXPECT_EQ(computeFingerprint("lock-order-inversion", {"@c:@g_a", "@c:@g_b"}),
            "909a7b28e560c0c5");
  EXPECT_EQ(computeFingerprint("", {}), "da39a3ee5e6b4b0d") << "SHA-1 of the empty string";
}

TEST(FingerprintTest, OrderSensitive) {
  EXPECT_NE(computeFingerprint("lock-order-inversion", {"a", "b"}),
            computeFingerprint("lock-order-inversion", {"b", "a"}));
}

TEST(FingerprintTest, SeparatorSensitive) {
  EXPECT_NE(computeFingerprint("r", {"ab", "c"}), computeFingerprint("r", {"a", "bc"}));
  EXPECT_NE(computeFingerprint("r", {"abc"}), computeFingerprint("r", {"ab", "c"}));
  EXPECT_NE(computeFingerprint("r", {"a", ""}), computeFingerprint("r", {"a"}));
  EXPECT_NE(computeFingerprint("r", {""}), computeFingerprint("r", {}));
  // The rule id is kept apart from the first key.
  EXPECT_NE(computeFingerprint("ab", {}), computeFingerprint("a", {"b"}));
}

TEST(FingerprintTest, RuleIdMatters) {
  std::vector<std::string> Keys = {"@c:@g_mu", "c:@F@f"};
  std::set<std::string> Seen;
  for (const char *Rule : {"double-lock", "lock-leak", "bad-unlock", "lock-order-inversion"})
    Seen.insert(computeFingerprint(Rule, Keys));
  EXPECT_EQ(Seen.size(), 4u);
}

TEST(FingerprintTest, KeysMatter) {
  EXPECT_NE(computeFingerprint("double-lock", {"@c:@a"}),
            computeFingerprint("double-lock", {"@c:@b"}));
}

} // namespace
