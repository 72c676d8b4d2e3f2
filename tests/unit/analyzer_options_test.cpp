#include "TranslationUnits.h"
#include "checks/Check.h"

#include <cmath>

#include <gtest/gtest.h>

using namespace lockgraph;

TEST(ShardOptionTest, AcceptsOneBasedSlices) {
  unsigned I = 0, N = 0;
  ASSERT_TRUE(parseShard("1/1", I, N));
  EXPECT_EQ(I, 1u);
  EXPECT_EQ(N, 1u);
  ASSERT_TRUE(parseShard("3/8", I, N));
  EXPECT_EQ(I, 3u);
  EXPECT_EQ(N, 8u);
}

TEST(ShardOptionTest, RejectsMalformedOrOutOfRange) {
  unsigned I, N;
  for (const char *Bad : {"0/2", "3/2", "1/0", "x", "1", "/2", "1/", "1/2/3", "-1/2", "a/b", ""})
    EXPECT_FALSE(parseShard(Bad, I, N)) << Bad;
}

TEST(CommandHashTest, CoversDirectoryFileAndEveryArgument) {
  std::string Base = commandHash("/b", "/s/a.c", {"clang", "-DX", "/s/a.c"});
  EXPECT_EQ(Base, commandHash("/b", "/s/a.c", {"clang", "-DX", "/s/a.c"}));
  EXPECT_NE(Base, commandHash("/c", "/s/a.c", {"clang", "-DX", "/s/a.c"}));
  EXPECT_NE(Base, commandHash("/b", "/s/b.c", {"clang", "-DX", "/s/a.c"}));
  EXPECT_NE(Base, commandHash("/b", "/s/a.c", {"clang", "-DY", "/s/a.c"}));
  // Argument boundaries matter: "-D" "X" is not "-DX".
  EXPECT_NE(Base, commandHash("/b", "/s/a.c", {"clang", "-D", "X", "/s/a.c"}));
}

TEST(GuardOptionTest, ShareInUnitIntervalWeightAtLeastOne) {
  EXPECT_EQ(guardOptionsError(0.5, 2), "");
  EXPECT_EQ(guardOptionsError(1, 1), "");
  EXPECT_EQ(guardOptionsError(0.01, 10), "");
  for (double Bad : {0.0, -0.5, 1.01, std::nan("")})
    EXPECT_NE(guardOptionsError(Bad, 2).find("--guard-share"), std::string::npos) << Bad;
  for (double Bad : {0.99, 0.0, -1.0, std::nan("")})
    EXPECT_NE(guardOptionsError(0.5, Bad).find("--guard-write-weight"), std::string::npos)
        << Bad;
}
