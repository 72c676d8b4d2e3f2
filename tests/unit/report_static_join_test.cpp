// Matching a static site (relative to the base dir) with a runtime one (symbolized,
// absolute) for `report --static`, and reading a check's JSON report back.
#include "report_test_support.h"

#include "lockgraph/StaticJoin.h"
#include "lockgraph/Writers.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"

#include <gtest/gtest.h>

using namespace lockgraph;
using namespace lockgraph::testing;

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

// A static finding keeps, through its JSON, what the joined report shows of it: each
// half of its cycle and each edge's call chain.
TEST(StaticJoinTest, ReadBackKeepsPathsAndCallChains) {
  Report R = sampleReport();
  R.Findings[0].Edges[1].MayOnly = true;
  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("lockgraph-check", "json", Path));
  llvm::FileRemover Remove(Path);
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    ASSERT_FALSE(EC);
    writeJson(OS, R, RuleCatalog());
  }
  llvm::Expected<std::vector<Finding>> Read = readReportFindings(Path);
  ASSERT_TRUE(bool(Read)) << llvm::toString(Read.takeError());
  ASSERT_FALSE(Read->empty());
  const Finding &F = Read->front();
  const Finding &Was = R.Findings[0];
  ASSERT_EQ(F.Flows.size(), Was.Flows.size());
  for (size_t I = 0; I < F.Flows.size(); ++I) {
    ASSERT_EQ(F.Flows[I].size(), Was.Flows[I].size());
    for (size_t J = 0; J < F.Flows[I].size(); ++J) {
      EXPECT_EQ(F.Flows[I][J].Message, Was.Flows[I][J].Message);
      EXPECT_EQ(F.Flows[I][J].Function, Was.Flows[I][J].Function);
      EXPECT_EQ(F.Flows[I][J].Loc.Line, Was.Flows[I][J].Loc.Line);
    }
  }
  ASSERT_EQ(F.Edges.size(), 2u);
  EXPECT_EQ(F.Edges[1].CallChain, Was.Edges[1].CallChain);
  EXPECT_FALSE(F.Edges[0].MayOnly);
  EXPECT_TRUE(F.Edges[1].MayOnly);
}

} // namespace
