// Matching a static site (relative to the base dir) with a runtime one (symbolized,
// absolute) for `report --static`.
#include "lockgraph/StaticJoin.h"

#include <gtest/gtest.h>

using namespace lockgraph;

namespace {

SourceLocation at(const char *File, unsigned Line) {
  SourceLocation L;
  L.File = File;
  L.Line = Line;
  return L;
}

TEST(StaticJoinTest, SitesMatchByLineAndTheStaticPathsTail) {
  EXPECT_TRUE(sameSite(at("src/bank.c", 41), at("/home/ci/repo/src/bank.c", 41)));
  EXPECT_TRUE(sameSite(at("/home/ci/repo/src/bank.c", 41), at("/home/ci/repo/src/bank.c", 41)));
  EXPECT_TRUE(sameSite(at("./src/bank.c", 41), at("/repo/src/bank.c", 41)));
  EXPECT_FALSE(sameSite(at("src/bank.c", 41), at("/repo/src/bank.c", 42))) << "another line";
  EXPECT_FALSE(sameSite(at("src/bank.c", 41), at("/repo/lib/bank.c", 41))) << "another folder";
  EXPECT_FALSE(sameSite(at("src/bank.c", 41), at("/repo/src/xbank.c", 41)));
  EXPECT_FALSE(sameSite(at("repo/src/bank.c", 41), at("/src/bank.c", 41)))
      << "the static path is longer than the runtime one";
  EXPECT_FALSE(sameSite(at("", 41), at("/repo/src/bank.c", 41))) << "unknown";
}

} // namespace
