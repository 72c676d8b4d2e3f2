#include "SuppressionComments.h"

#include <gtest/gtest.h>

using namespace lockgraph;

namespace {
std::vector<SuppressionComment> parse(llvm::StringRef Text) {
  std::vector<SuppressionComment> Out;
  parseSuppressionComments(Text, 7, Out);
  return Out;
}
} // namespace

TEST(SuppressionCommentsTest, SameLineAndNextLine) {
  auto S = parse("a\nlock(&m); // NOLINT(lockgraph-double-lock)\n"
                 "// NOLINTNEXTLINE(lockgraph-lock-leak, lockgraph-bad-unlock)\nunlock();\n");
  ASSERT_EQ(S.size(), 2u);
  EXPECT_EQ(S[0].File, 7u);
  EXPECT_EQ(S[0].Line, 2u);
  EXPECT_EQ(S[0].Ids, std::vector<std::string>{"lockgraph-double-lock"});
  EXPECT_EQ(S[1].Line, 4u);
  EXPECT_EQ(S[1].Ids, (std::vector<std::string>{"lockgraph-lock-leak", "lockgraph-bad-unlock"}));
}

TEST(SuppressionCommentsTest, BareNolintAndGlobsCoverEverything) {
  auto S = parse("x; // NOLINT\ny; // NOLINT(*)\nz; // NOLINT(lockgraph-*)\n");
  ASSERT_EQ(S.size(), 3u);
  EXPECT_TRUE(S[0].Ids.empty());
  EXPECT_EQ(S[1].Ids, std::vector<std::string>{"*"});
  EXPECT_EQ(S[2].Ids, std::vector<std::string>{"lockgraph-*"});
}

TEST(SuppressionCommentsTest, OtherToolsChecksAreNotOurs) {
  EXPECT_TRUE(parse("x; // NOLINT(bugprone-use-after-move)\n").empty());
  auto Mixed = parse("x; // NOLINT(bugprone-x, lockgraph-bad-unlock)\n");
  ASSERT_EQ(Mixed.size(), 1u);
  EXPECT_EQ(Mixed[0].Ids, std::vector<std::string>{"lockgraph-bad-unlock"});
}

TEST(SuppressionCommentsTest, BeginEndCoversTheRange) {
  auto S = parse("// NOLINTBEGIN(lockgraph-lock-order-inversion)\na;\nb;\n// NOLINTEND(lockgraph-lock-order-inversion)\nc;\n");
  ASSERT_EQ(S.size(), 4u);
  EXPECT_EQ(S.front().Line, 1u);
  EXPECT_EQ(S.back().Line, 4u);
  for (const SuppressionComment &C : S)
    EXPECT_EQ(C.Ids, std::vector<std::string>{"lockgraph-lock-order-inversion"});
}

TEST(SuppressionCommentsTest, UnterminatedBeginSuppressesNothing) {
  EXPECT_TRUE(parse("// NOLINTBEGIN\na;\nb;\n").empty());
}
