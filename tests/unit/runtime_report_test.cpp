// Runtime traces -> Report (report/include/lockgraph/RuntimeReport.h): symbolized sites,
// merging by fingerprint across processes, fingerprints that ignore addresses and
// lines, suppressions. A fake symbolizer stands in for the debug info, so the tests say
// exactly which function and line each address is.
#include "lockgraph/RuntimeReport.h"
#include "lockgraph/TraceSymbolizer.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace lockgraph;

namespace {

struct Place {
  std::string Function, File;
  unsigned Line;
};

// Offsets in the program -> places; offsets in libc have none (like a stripped libc).
class FakeSymbolizer : public TraceSymbolizer {
public:
  std::map<uint64_t, Place> Places;
  unsigned LookUps = 0;

protected:
  void lookUp(const trace::Module &M, uint64_t Offset, SymbolizedFrame &F) override {
    ++LookUps;
    if (M.Path != "/bin/prog")
      return;
    auto It = Places.find(Offset);
    if (It == Places.end())
      return;
    F.Function = It->second.Function;
    F.File = It->second.File;
    F.Line = It->second.Line;
  }
};

constexpr uint64_t LibcBase = 0x7f0000000000;
constexpr uint64_t LibcPC = LibcBase + 0x29d90;

// One process that found the inversion a -> b (taken in f), b -> a (taken in g).
// Base is where the program was loaded; Shift moves every program address, as a
// rebuild would.
trace::Trace inversionTrace(int Pid, uint64_t Base, uint64_t Shift = 0,
                            const char *Exe = "/bin/prog") {
  trace::Trace T;
  T.Path = "t" + std::to_string(Pid) + ".trace";
  T.Head.Version = 1;
  T.Head.Pid = Pid;
  T.Head.Exe = Exe;
  T.Modules.push_back({"/bin/prog", Base, Base, Base + 0x100000, ""});
  T.Modules.push_back({"/usr/lib/x86_64-linux-gnu/libc.so.6", LibcBase, LibcBase + 0x28000,
                       LibcBase + 0x1bd000, ""});
  auto pc = [&](uint64_t Offset) { return Base + Offset + Shift; };
  // Frame 0 is the program's call into pthread; a libc frame stands at the bottom.
  T.Stacks[1] = {pc(0x1110), pc(0x1510), LibcPC}; // f: lock(a), called from main
  T.Stacks[2] = {pc(0x1120), pc(0x1510), LibcPC}; // f: lock(b)
  T.Stacks[3] = {pc(0x1210), LibcPC};             // g: lock(b)
  T.Stacks[4] = {pc(0x1220), LibcPC};             // g: lock(a)
  T.Locks[1] = {1, 0x4040, "mutex", 0, 1};
  T.Locks[2] = {2, 0x4080, "mutex", 0, 2};
  T.Threads[0] = {0, 0, "", 0};
  T.Threads[1] = {1, 0, "worker", 0};
  T.Edges.push_back({1, 2, 0, 1, 2, {1}});
  T.Edges.push_back({2, 1, 1, 3, 4, {2}});
  trace::Finding F;
  F.Rule = "lock-order-inversion";
  F.Thread = 1;
  F.Cycle = {trace::Edge{2, 1, 1, 3, 4, {}}, trace::Edge{1, 2, 0, 1, 2, {}}};
  F.Length = 2;
  T.Findings.push_back(F);
  T.Finish = trace::End{"exit", 66, 0, 2, 2, 1};
  return T;
}

void addPlaces(FakeSymbolizer &S, uint64_t Shift = 0, unsigned LineShift = 0, const char *G = "g") {
  S.Places[0x1110 + Shift] = {"f", "/src/a.c", 10 + LineShift};
  S.Places[0x1120 + Shift] = {"f", "/src/a.c", 11 + LineShift};
  S.Places[0x1210 + Shift] = {G, "/src/b.c", 20 + LineShift};
  S.Places[0x1220 + Shift] = {G, "/src/b.c", 21 + LineShift};
  S.Places[0x1510 + Shift] = {"main", "/src/main.c", 5 + LineShift};
}

RuntimeReport build(const std::vector<trace::Trace> &Traces, FakeSymbolizer &S,
                    const SuppressionList &Supp = SuppressionList()) {
  return buildRuntimeReport(Traces, Supp, S, /*WithGraph=*/true);
}

bool hasNote(const Finding &F, llvm::StringRef Text) {
  for (const RelatedLocation &N : F.Notes)
    if (llvm::StringRef(N.Message).contains(Text))
      return true;
  return false;
}

TEST(RuntimeReportTest, InversionIsSymbolizedAtTheProgramsFrames) {
  FakeSymbolizer S;
  addPlaces(S);
  RuntimeReport RR = build({inversionTrace(12, 0x555500000000)}, S);
  ASSERT_EQ(RR.R.Findings.size(), 1u);
  const Finding &F = RR.R.Findings[0];
  EXPECT_EQ(F.RuleId, "lock-order-inversion");
  EXPECT_EQ(F.Origin, "runtime");
  EXPECT_EQ(F.Count, 1u);
  // The first cycle edge: b -> a, a requested in g at b.c:21.
  EXPECT_EQ(F.Primary.File, "/src/b.c");
  EXPECT_EQ(F.Primary.Line, 21u);
  EXPECT_EQ(F.Function, "g");
  EXPECT_NE(F.Message.find("mutex acquired at a.c:10 in f()"), std::string::npos) << F.Message;
  EXPECT_NE(F.Message.find("mutex acquired at a.c:11 in f()"), std::string::npos) << F.Message;
  EXPECT_EQ(F.Locks, (std::vector<std::string>{"mutex@a.c:11", "mutex@a.c:10"}));
  ASSERT_EQ(F.Edges.size(), 2u);
  EXPECT_EQ(F.Edges[0].From, "mutex@a.c:11");
  EXPECT_EQ(F.Edges[0].To, "mutex@a.c:10");
  EXPECT_EQ(F.Edges[0].HeldSite.Line, 20u);
  EXPECT_EQ(F.Edges[0].Site.Line, 21u);
  ASSERT_EQ(F.Flows.size(), 2u);
  ASSERT_EQ(F.Flows[1].size(), 2u);
  EXPECT_EQ(F.Flows[1][0].Loc.Line, 10u);
  EXPECT_EQ(F.Flows[1][1].Loc.Line, 11u);
  EXPECT_TRUE(hasNote(F, "thread 1 (worker) requested")) << "threads are named";
  EXPECT_TRUE(hasNote(F, "called from main()")) << "deeper program frames are shown";
  EXPECT_TRUE(hasNote(F, "seen in 1 process: prog (pid 12)"));
  EXPECT_EQ(F.Fingerprint.size(), 16u);

  // The whole graph, with the cycle's edges marked.
  ASSERT_EQ(RR.R.Graph.size(), 2u);
  EXPECT_TRUE(RR.R.Graph[0].InCycle && RR.R.Graph[1].InCycle);
  ASSERT_EQ(RR.Processes.size(), 1u);
  EXPECT_EQ(RR.Processes[0].Findings, 1u);
  EXPECT_EQ(RR.Processes[0].Suppressed, 0u);
}

TEST(RuntimeReportTest, SameFindingInManyProcessesIsMergedAndCounted) {
  FakeSymbolizer S;
  addPlaces(S);
  std::vector<trace::Trace> Traces = {inversionTrace(12, 0x555500000000),
                                      inversionTrace(13, 0x561200000000),
                                      inversionTrace(14, 0x563300000000, 0, "/bin/other")};
  // The same process reporting the same bug twice still counts once.
  Traces[0].Findings.push_back(Traces[0].Findings[0]);
  RuntimeReport RR = build(Traces, S);
  ASSERT_EQ(RR.R.Findings.size(), 1u);
  const Finding &F = RR.R.Findings[0];
  EXPECT_EQ(F.Count, 3u);
  EXPECT_TRUE(hasNote(F, "seen in 3 processes: prog (pid 12), prog (pid 13), other (pid 14)"));
  EXPECT_EQ(RR.R.Graph.size(), 2u) << "edges of all processes, merged";
  // Each program address was symbolized once, whatever the load address.
  EXPECT_LE(S.LookUps, 6u);
}

// `lockgraph run` of a clean program with the text format: nothing to show, so
// nothing is symbolized (a program with big debug info cost half a second here).
TEST(RuntimeReportTest, TraceWithoutFindingsIsNotSymbolizedWithoutTheGraph) {
  FakeSymbolizer S;
  addPlaces(S);
  trace::Trace T = inversionTrace(1, 0x555555554000);
  T.Findings.clear();
  RuntimeReport Lean = buildRuntimeReport({T}, SuppressionList(), S, /*WithGraph=*/false);
  EXPECT_TRUE(Lean.R.Findings.empty());
  EXPECT_TRUE(Lean.R.Graph.empty());
  EXPECT_EQ(S.LookUps, 0u);
  RuntimeReport Full = buildRuntimeReport({T}, SuppressionList(), S, /*WithGraph=*/true);
  EXPECT_EQ(Full.R.Graph.size(), 2u);
  EXPECT_GT(S.LookUps, 0u);
  EXPECT_TRUE(formatShowsGraph("dot") && formatShowsGraph("json"));
  EXPECT_FALSE(formatShowsGraph("text") || formatShowsGraph("sarif"));
}

TEST(RuntimeReportTest, FingerprintIgnoresAddressesLinesAndCycleRotation) {
  FakeSymbolizer Before, After;
  addPlaces(Before);
  addPlaces(After, /*Shift=*/0x40, /*LineShift=*/7);
  std::string Print1 =
      build({inversionTrace(12, 0x555500000000)}, Before).R.Findings[0].Fingerprint;
  std::string Print2 =
      build({inversionTrace(99, 0x560000000000, 0x40)}, After).R.Findings[0].Fingerprint;
  EXPECT_EQ(Print1, Print2);

  trace::Trace Rotated = inversionTrace(12, 0x555500000000);
  std::swap(Rotated.Findings[0].Cycle[0], Rotated.Findings[0].Cycle[1]);
  FakeSymbolizer S;
  addPlaces(S);
  EXPECT_EQ(build({Rotated}, S).R.Findings[0].Fingerprint, Print1);
}

TEST(RuntimeReportTest, FingerprintChangesWithTheFunctions) {
  FakeSymbolizer A, B;
  addPlaces(A);
  addPlaces(B, 0, 0, "h");
  std::string PrintA = build({inversionTrace(12, 0x555500000000)}, A).R.Findings[0].Fingerprint;
  std::string PrintB = build({inversionTrace(12, 0x555500000000)}, B).R.Findings[0].Fingerprint;
  EXPECT_NE(PrintA, PrintB);

  // Different functions in two processes: two findings, each seen once.
  FakeSymbolizer Both;
  addPlaces(Both);
  Both.Places[0x9210] = {"h", "/src/c.c", 1};
  Both.Places[0x9220] = {"h", "/src/c.c", 2};
  trace::Trace Other = inversionTrace(13, 0x555500000000);
  Other.Stacks[3] = {0x555500000000 + 0x9210};
  Other.Stacks[4] = {0x555500000000 + 0x9220};
  RuntimeReport RR = build({inversionTrace(12, 0x555500000000), Other}, Both);
  ASSERT_EQ(RR.R.Findings.size(), 2u);
  EXPECT_EQ(RR.R.Findings[0].Count, 1u);
  EXPECT_EQ(RR.R.Findings[1].Count, 1u);
}

TEST(RuntimeReportTest, UnsymbolizedFramesFallBackToModuleOffset) {
  FakeSymbolizer S; // knows nothing
  RuntimeReport RR = build({inversionTrace(12, 0x555500000000)}, S);
  ASSERT_EQ(RR.R.Findings.size(), 1u);
  const Finding &F = RR.R.Findings[0];
  EXPECT_FALSE(F.Primary.valid());
  EXPECT_EQ(F.Primary.File, "/bin/prog") << "the binary stands in for the source file";
  EXPECT_NE(F.Message.find("prog+0x"), std::string::npos) << F.Message;
}

TEST(RuntimeReportTest, IdsThatReferToNothingDoNotCrash) {
  FakeSymbolizer S;
  addPlaces(S);
  trace::Trace T = inversionTrace(12, 0x555500000000);
  T.Findings[0].Cycle.push_back(trace::Edge{77, 78, 9, 55, 56, {}});
  trace::Finding Dead;
  Dead.Rule = "deadlock";
  Dead.Threads = {trace::DeadlockThread{5, 0, 42, 6, 0, 0}};
  Dead.Orphan = true;
  trace::Finding Leak;
  Leak.Rule = "lock-leak";
  Leak.Reason = "destroyed-while-held";
  Leak.Locks = {trace::HeldLock{1, 1}};
  trace::Finding Bad;
  Bad.Rule = "bad-unlock";
  Bad.Addr = 0xdead;
  Bad.Stack = 4;
  trace::Finding Double;
  Double.Rule = "double-lock";
  Double.Lock = 1;
  Double.Stack = 2;
  Double.FirstStack = 1;
  trace::Finding Future;
  Future.Rule = "some-new-rule";
  Future.Message = "something new";
  T.Findings.insert(T.Findings.end(), {Dead, Leak, Bad, Double, Future});
  T.Edges.push_back({100, 101, 3, 200, 201, {}});
  RuntimeReport RR = build({T}, S);
  ASSERT_EQ(RR.R.Findings.size(), 6u);
  EXPECT_NE(RR.R.Findings[1].Message.find("lock #42"), std::string::npos)
      << RR.R.Findings[1].Message;
  EXPECT_NE(RR.R.Findings[1].Message.find("exited"), std::string::npos);
  EXPECT_NE(RR.R.Findings[2].Message.find("destroyed while held"), std::string::npos);
  EXPECT_NE(RR.R.Findings[3].Message.find("0xdead"), std::string::npos);
  EXPECT_EQ(RR.R.Findings[3].Primary.Line, 21u);
  EXPECT_EQ(RR.R.Findings[4].Primary.Line, 11u);
  EXPECT_TRUE(hasNote(RR.R.Findings[4], "first acquired here"));
  EXPECT_EQ(RR.R.Findings[5].Message, "something new");
}

TEST(RuntimeReportTest, SameLineLocksGetDistinctNames) {
  FakeSymbolizer S;
  addPlaces(S);
  S.Places[0x1120] = S.Places[0x1110]; // both locks first taken on a.c:10
  RuntimeReport RR = build({inversionTrace(12, 0x555500000000)}, S);
  ASSERT_EQ(RR.R.Findings.size(), 1u);
  const std::vector<std::string> &Locks = RR.R.Findings[0].Locks;
  ASSERT_EQ(Locks.size(), 2u);
  EXPECT_NE(Locks[0], Locks[1]);
}

// Global data: an array of five mutexes at 0x4000 and a 64-byte struct at 0x5000.
class DataSymbolizer : public FakeSymbolizer {
protected:
  DataSymbol lookUpData(const trace::Module &M, uint64_t Offset) override {
    if (M.Path == "/bin/prog" && Offset >= 0x4000 && Offset < 0x4000 + 5 * 40)
      return {"forks", 0x4000, 5 * 40};
    if (M.Path == "/bin/prog" && Offset >= 0x5000 && Offset < 0x5040)
      return {"account", 0x5000, 64};
    return {};
  }
};

TEST(RuntimeReportTest, GlobalLocksAreNamedByTheirVariables) {
  DataSymbolizer S;
  addPlaces(S);
  const uint64_t Base = 0x555500000000;
  trace::Trace T = inversionTrace(12, Base);
  T.Locks[1].Addr = Base + 0x4000 + 3 * 40; // forks[3]
  T.Locks[2].Addr = Base + 0x5008;          // a mutex member of a struct
  RuntimeReport RR = build({T}, S);
  ASSERT_EQ(RR.R.Findings.size(), 1u);
  std::vector<std::string> Locks = RR.R.Findings[0].Locks;
  std::sort(Locks.begin(), Locks.end());
  EXPECT_EQ(Locks, (std::vector<std::string>{"mutex account+0x8", "mutex forks[3]"}));
}

// An array of five 120-byte structs at 0x6000 whose first member is the lock, as the
// debug info describes it: element 1's lock is "chop[1].lock", not chop[3] (120 / 40).
class StructArraySymbolizer : public FakeSymbolizer {
protected:
  DataSymbol lookUpData(const trace::Module &M, uint64_t Offset) override {
    if (M.Path == "/bin/prog" && Offset >= 0x6000 && Offset < 0x6000 + 5 * 120)
      return {"chop", 0x6000, 5 * 120, 120, {{0, "lock"}, {40, "uses"}}};
    return {};
  }
};

TEST(RuntimeReportTest, LocksInArraysOfStructsAreNamedByElementAndMember) {
  StructArraySymbolizer S;
  addPlaces(S);
  const uint64_t Base = 0x555500000000;
  trace::Trace T = inversionTrace(12, Base);
  T.Locks[1].Addr = Base + 0x6000 + 1 * 120;      // chop[1].lock
  T.Locks[2].Addr = Base + 0x6000 + 3 * 120 + 48; // inside chop[3].uses
  RuntimeReport RR = build({T}, S);
  ASSERT_EQ(RR.R.Findings.size(), 1u);
  std::vector<std::string> Locks = RR.R.Findings[0].Locks;
  std::sort(Locks.begin(), Locks.end());
  EXPECT_EQ(Locks, (std::vector<std::string>{"mutex chop[1].lock", "mutex chop[3].uses+0x8"}));
}

TEST(SuppressionListTest, ParsesAndMatches) {
  SuppressionList L;
  ASSERT_FALSE(bool(L.parse("# comment\n\n  lock-order-inversion:g  \n"
                            "lockgraph-double-lock:*/vendor/*\n*:*/libfoo.so*\n",
                            "s.supp")));
  EXPECT_EQ(L.size(), 3u);
  EXPECT_NE(L.match("lock-order-inversion", {"f", "g"}), nullptr);
  EXPECT_EQ(L.match("lock-order-inversion", {"f", "gg"}), nullptr) << "whole-string match";
  EXPECT_EQ(L.match("deadlock", {"g"}), nullptr) << "another rule";
  EXPECT_NE(L.match("double-lock", {"/src/vendor/x.c"}), nullptr);
  EXPECT_EQ(L.match("deadlock", {"libfoo.so.1/x"}), nullptr) << "globs match whole paths";
  const Suppression *Any = L.match("deadlock", {"/usr/lib/libfoo.so.1"});
  ASSERT_NE(Any, nullptr);
  EXPECT_EQ(Any->Where, "s.supp:5");
}

TEST(SuppressionListTest, BadLinesNameFileAndLine) {
  for (const char *Bad : {"no-colon-here\n", "double-lock:\n", ":glob\n", "Double Lock:x\n"}) {
    SuppressionList L;
    llvm::Error E = L.parse(std::string("# ok\n") + Bad, "s.supp");
    ASSERT_TRUE(bool(E)) << Bad;
    std::string Msg = llvm::toString(std::move(E));
    EXPECT_EQ(Msg.rfind("s.supp:2: ", 0), 0u) << Msg;
    EXPECT_TRUE(L.empty()) << "nothing of a bad file is kept";
  }
  SuppressionList Missing;
  EXPECT_TRUE(bool(Missing.readFile("/nonexistent/s.supp")));
}

TEST(RuntimeReportTest, SuppressionsDropFindingsByFunctionFileOrModule) {
  for (const char *Line : {"lock-order-inversion:g", "lock-order-inversion:/src/b.*", "*:*libc.so*",
                           "lock-order-*:main"}) {
    FakeSymbolizer S;
    addPlaces(S);
    SuppressionList L;
    ASSERT_FALSE(bool(L.parse(Line, "s")));
    RuntimeReport RR = build({inversionTrace(12, 0x555500000000)}, S, L);
    EXPECT_TRUE(RR.R.Findings.empty()) << Line;
    ASSERT_EQ(RR.Processes.size(), 1u);
    EXPECT_EQ(RR.Processes[0].Suppressed, 1u) << Line;
  }
  FakeSymbolizer S;
  addPlaces(S);
  SuppressionList Other;
  ASSERT_FALSE(bool(Other.parse("deadlock:g\nlock-order-inversion:nothing*", "s")));
  EXPECT_EQ(build({inversionTrace(12, 0x555500000000)}, S, Other).R.Findings.size(), 1u);
}

TEST(RuntimeReportTest, SuppressionsNamedInTheTraceHeaderAreNotRead) {
  FakeSymbolizer S;
  addPlaces(S);
  std::string Path = std::string(LOCKGRAPH_TEST_BINARY_DIR) + "/runtime_report_test.supp";
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    ASSERT_FALSE(EC);
    OS << "lock-order-inversion:f\n";
  }
  // A trace is input: the file its header names is not read, one warning names it.
  trace::Trace T = inversionTrace(12, 0x555500000000);
  T.Head.Options = "exitcode=66:suppressions=" + Path;
  trace::Trace Also = inversionTrace(13, 0x555500000000);
  Also.Head.Options = T.Head.Options;
  RuntimeReport RR = build({T, Also}, S);
  ASSERT_EQ(RR.R.Findings.size(), 1u);
  EXPECT_EQ(RR.R.Findings[0].Count, 2u) << "nothing suppressed";
  ASSERT_EQ(RR.Warnings.size(), 1u) << "one warning per file, not per trace";
  EXPECT_NE(RR.Warnings[0].find(Path), std::string::npos);

  // The same file passed by the user: applied to every trace, no warning.
  SuppressionList User;
  ASSERT_FALSE(bool(User.readFile(Path)));
  RuntimeReport Mine = buildRuntimeReport({T, Also}, User, S, /*WithGraph=*/true, {}, Path);
  EXPECT_TRUE(Mine.R.Findings.empty());
  EXPECT_TRUE(Mine.Warnings.empty());
}

} // namespace
