// The contention table's merge, ranking and thresholds (report/src/Contention.cpp),
// and its JSON and text forms.
#include "lockgraph/Contention.h"
#include "lockgraph/Writers.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace lockgraph;

namespace {

ContentionSite site(const std::string &Where, uint64_t Count, uint64_t WaitNs,
                    uint64_t MaxNs, unsigned Line = 0) {
  ContentionSite S;
  S.Where = Where;
  S.Loc.File = "/src/pool.c";
  S.Loc.Line = Line;
  S.Function = Where;
  S.Count = Count;
  S.WaitNs = WaitNs;
  S.MaxWaitNs = MaxNs;
  return S;
}

// One process's view of a lock.
void addProcess(ContentionMerge &M, const std::string &Key, uint64_t Acq, uint64_t Cont,
                uint64_t WaitNs, uint64_t MaxWait, uint64_t ThreadNs) {
  LockContention &L = M.lock(Key);
  L.Name = "mutex " + Key;
  L.Acquisitions += Acq;
  L.Contended += Cont;
  L.WaitNs += WaitNs;
  L.MaxWaitNs = std::max(L.MaxWaitNs, MaxWait);
  L.ThreadNs += ThreadNs;
  ++L.Processes;
}

TEST(ContentionTest, DurationsReadLikeAHumanWouldWriteThem) {
  EXPECT_EQ(formatDuration(0), "0 ns");
  EXPECT_EQ(formatDuration(999), "999 ns");
  EXPECT_EQ(formatDuration(1500), "1.5 us");
  EXPECT_EQ(formatDuration(212000000), "212.0 ms");
  EXPECT_EQ(formatDuration(1660253000), "1.66 s");
}

TEST(ContentionTest, OptionsAreRangeChecked) {
  EXPECT_EQ(contentionOptionsError(2, 10), "");
  EXPECT_EQ(contentionOptionsError(0, 0), "");
  EXPECT_NE(contentionOptionsError(-1, 10), "");
  EXPECT_NE(contentionOptionsError(101, 10), "");
  EXPECT_NE(contentionOptionsError(2, -5), "");
  EXPECT_NE(contentionOptionsError(std::nan(""), 10), "");
}

TEST(ContentionTest, MergesProcessesAndSitesAndRanksByTotalWait) {
  ContentionMerge M;
  addProcess(M, "hot", 1000, 50, 300000000, 9000000, 2000000000);
  addProcess(M, "hot", 3000, 70, 500000000, 12000000, 2000000000);
  addProcess(M, "warm", 100, 10, 900000000, 40000000, 1000000000);
  addProcess(M, "never-waited", 5000000, 0, 0, 0, 1000000000);
  M.addSite(M.lock("hot"), /*Holder=*/true, site("flush", 10, 100000000, 9000000));
  M.addSite(M.lock("hot"), true, site("insert", 60, 200000000, 12000000));
  M.addSite(M.lock("hot"), true, site("flush", 5, 150000000, 11000000)); // another process
  M.addSite(M.lock("hot"), false, site("insert", 120, 800000000, 12000000));

  std::vector<LockContention> R = std::move(M).ranked();
  ASSERT_EQ(R.size(), 2u) << "a lock nobody waited for is not in the table";
  EXPECT_EQ(R[0].Key, "warm");
  EXPECT_EQ(R[1].Key, "hot");
  const LockContention &Hot = R[1];
  EXPECT_EQ(Hot.Acquisitions, 4000u);
  EXPECT_EQ(Hot.Contended, 120u);
  EXPECT_EQ(Hot.WaitNs, 800000000u);
  EXPECT_EQ(Hot.MaxWaitNs, 12000000u);
  EXPECT_EQ(Hot.Processes, 2u);
  ASSERT_EQ(Hot.Holders.size(), 2u);
  EXPECT_EQ(Hot.Holders[0].Where, "flush") << "15 waits, 250 ms: ranked by wait, not count";
  EXPECT_EQ(Hot.Holders[0].Count, 15u);
  EXPECT_EQ(Hot.Holders[0].WaitNs, 250000000u);
  EXPECT_EQ(Hot.Holders[0].MaxWaitNs, 11000000u);
  ASSERT_EQ(Hot.Waiters.size(), 1u);
  EXPECT_DOUBLE_EQ(Hot.waitShare(), 0.2);
}

TEST(ContentionTest, BothThresholdsMustHold) {
  ContentionMerge M;
  addProcess(M, "big-share", 100, 10, 50000000, 1000000, 100000000);       // 50 ms, 50%
  addProcess(M, "tiny-share", 100, 10, 50000000, 1000000, 100000000000ull); // 50 ms, 0.05%
  addProcess(M, "below-floor", 100, 10, 5000000, 1000000, 10000000);       // 5 ms, 50%
  M.addSite(M.lock("big-share"), true, site("flush", 10, 50000000, 1000000, 40));
  M.addSite(M.lock("big-share"), false, site("insert", 10, 50000000, 1000000, 70));
  std::vector<LockContention> R = std::move(M).ranked();
  ContentionOptions O; // 2%, 10 ms
  std::vector<Finding> F = contentionFindings(R, O);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].RuleId, "contention");
  EXPECT_EQ(F[0].Level, Severity::Note);
  EXPECT_EQ(F[0].Locks, std::vector<std::string>{"mutex big-share"});
  EXPECT_EQ(F[0].Primary.Line, 40u) << "the holder that made others wait is what to fix";
  EXPECT_NE(F[0].Message.find("50% of the thread time"), std::string::npos) << F[0].Message;
  EXPECT_NE(F[0].Message.find("took it at flush"), std::string::npos) << F[0].Message;
  EXPECT_EQ(R[size_t(F[0].ContentionIndex)].Key, "big-share");

  O.MinWaitNs = 0;
  O.Share = 0;
  EXPECT_EQ(contentionFindings(R, O).size(), 3u);
  O.Share = 0.6;
  EXPECT_EQ(contentionFindings(R, O).size(), 0u);
}

TEST(ContentionTest, FingerprintNamesTheLockNotTheNumbers) {
  auto Print = [](uint64_t Wait) {
    ContentionMerge M;
    addProcess(M, "var:hot_lock", 100, 10, Wait, 1000000, 100000000);
    return contentionFindings(std::move(M).ranked(), ContentionOptions())[0].Fingerprint;
  };
  EXPECT_EQ(Print(50000000), Print(70000000));
  ContentionMerge M;
  addProcess(M, "var:cold_lock", 100, 10, 50000000, 1000000, 100000000);
  EXPECT_NE(contentionFindings(std::move(M).ranked(), ContentionOptions())[0].Fingerprint,
            Print(50000000));
}

TEST(ContentionTest, TextTableAndJsonShowTheTopLocksAndTheirSites) {
  ContentionMerge M;
  addProcess(M, "hot", 4000, 120, 800000000, 12000000, 4000000000);
  LockContention &L = M.lock("hot");
  L.HoldSamples = 62;
  L.HoldNs = 620000; // 10 us per timed hold
  M.addSite(L, true, site("flush (pool.c:40)", 15, 250000000, 11000000, 40));
  addProcess(M, "warm", 100, 1, 1000, 1000, 4000000000);
  Report R;
  R.Contention = std::move(M).ranked();
  R.HasLockStats = true;
  R.ContentionRows = 1;
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  writeReport(OS, R, RuleCatalog(), OutputFormat::Text);
  EXPECT_NE(Text.find("2 locks made threads wait (the 1 with the most waiting)"),
            std::string::npos) << Text;
  EXPECT_NE(Text.find("mutex hot"), std::string::npos) << Text;
  EXPECT_NE(Text.find("held at   flush (pool.c:40): 15 waits, 250.0 ms"), std::string::npos)
      << Text;
  EXPECT_NE(Text.find("10.0 us"), std::string::npos) << "average hold: " << Text;
  EXPECT_EQ(Text.find("mutex warm"), std::string::npos) << "past the rows shown";

  std::string Json;
  llvm::raw_string_ostream JS(Json);
  writeReport(JS, R, RuleCatalog(), OutputFormat::Json);
  EXPECT_NE(Json.find("\"contention\""), std::string::npos);
  EXPECT_NE(Json.find("\"holdNsEstimated\": 40000000"), std::string::npos) << Json;
  EXPECT_NE(Json.find("\"lock\": \"mutex warm\""), std::string::npos) << "JSON has every lock";
}

} // namespace
