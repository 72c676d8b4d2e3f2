// The runtime trace, end to end inside one process: written by the preload library's
// writer (runtime-hooks/core/TraceWriter.h) and read back by the report's reader
// (lockgraph/Trace.h). Every record type and finding shape, every field compared, the
// awkward values (addresses above 2^53, strings that need escaping or replacing, the
// argv cap), and the two ways a real file ends early: a process killed after a flush,
// and a file cut in the middle of a line.
#include "lockgraph/Trace.h"

#include "core/TraceWriter.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using lockgraph::rt::LockStat;
using lockgraph::rt::SiteStat;
using lockgraph::rt::TraceEnd;
using lockgraph::rt::TraceHeader;
using lockgraph::rt::TraceWriter;
namespace tr = lockgraph::trace;

namespace {

// U+FFFD in UTF-8: what the writer puts for every byte that starts no valid sequence.
const std::string Fffd = "\xef\xbf\xbd";

// Addresses that a double cannot hold exactly (above 2^53, odd low bits).
constexpr uint64_t BigAddr = 0xfffffffffffff001ull;    // near the top of the space
constexpr uint64_t KernelAddr = 0xffffffffff600000ull; // vsyscall page
constexpr uint64_t Beyond53 = (1ull << 53) + 1;        // the first integer a double loses

class TraceRoundTripTest : public ::testing::Test {
protected:
  void SetUp() override {
    char Tmpl[] = "/tmp/lg-round-trip-XXXXXX";
    ASSERT_NE(mkdtemp(Tmpl), nullptr);
    Dir = Tmpl;
  }
  void TearDown() override {
    W.close();
    std::string Cmd = "rm -rf '" + Dir + "'";
    (void)!system(Cmd.c_str());
  }
  std::string pathFor(int Pid, const char *Exe = "prog") const {
    return Dir + "/lockgraph." + Exe + "." + std::to_string(Pid) + ".trace";
  }
  static std::string slurp(const std::string &Path) {
    std::ifstream In(Path, std::ios::binary);
    std::stringstream S;
    S << In.rdbuf();
    return S.str();
  }
  static tr::Trace read(const std::string &Path) {
    llvm::Expected<tr::Trace> T = tr::readTraceFile(Path);
    if (!T) {
      ADD_FAILURE() << llvm::toString(T.takeError());
      return tr::Trace();
    }
    return std::move(*T);
  }
  static tr::Trace parse(const std::string &Text, const std::string &Name) {
    llvm::Expected<tr::Trace> T = tr::parseTrace(Text, Name);
    if (!T) {
      ADD_FAILURE() << llvm::toString(T.takeError());
      return tr::Trace();
    }
    return std::move(*T);
  }

  std::string Dir;
  TraceWriter W{};
};

// A string with every kind of trouble: quotes, backslashes, control characters (tab,
// newline, 0x01, 0x1f), DEL (passes), valid multi-byte UTF-8 (passes), and bytes that
// are not UTF-8: a lone continuation byte, 0xff, a truncated 3-byte sequence, an
// overlong '/', a UTF-16 surrogate.
const char RawNasty[] = "q\"b\\s/\t\n\x01\x1f\x7f na\xc3\xafve \xe2\x9c\x93 \xf0\x9d\x84\x9e"
                        " bad:\x80|\xff|\xe2\x9c|\xc0\xaf|\xed\xa0\x80|end";
// What the reader must give back: per invalid byte one U+FFFD.
const std::string DecodedNasty =
    std::string("q\"b\\s/\t\n\x01\x1f\x7f na\xc3\xafve \xe2\x9c\x93 \xf0\x9d\x84\x9e bad:") +
    Fffd + "|" + Fffd + "|" + Fffd + Fffd + "|" + Fffd + Fffd + "|" + Fffd + Fffd + Fffd +
    "|end";

TEST_F(TraceRoundTripTest, EveryRecordAndFieldSurvives) {
  ASSERT_TRUE(W.open(Dir.c_str(), "/some/dir/prog", 4242)) << "a path keeps its basename";

  // ---- header: 100 arguments, a null one, nasty ones; only 64 are kept.
  std::vector<std::string> Args;
  for (int I = 0; I < 100; ++I)
    Args.push_back("arg" + std::to_string(I));
  Args[1] = RawNasty;
  Args[3] = "";
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  Argv[2] = nullptr; // written as ""
  const std::string Exe = std::string("/abs/pr\"og\\dir/\xffname");
  const char *Options = "trace_dir=/tmp/x:exitcode=66:suppressions=/s \"q\".supp";
  W.writeHeader(TraceHeader{4242, 4240, Exe.c_str(), Argv.data(), int(Argv.size()),
                            Beyond53, Options});

  // ---- modules: the real ones of this process, then a hand-made one.
  size_t RealModules = W.writeModules();
  EXPECT_GE(RealModules, 2u) << "at least this binary and libc";
  EXPECT_EQ(W.writeModules(), 0u) << "modules already written are not written again";
  const uint8_t BuildId[] = {0xc0, 0x47, 0x67, 0x2c, 0xae, 0x79, 0x64, 0x32, 0x46, 0x58,
                             0x49, 0x1e, 0x7d, 0xee, 0x26, 0x74, 0xcd, 0x3b, 0x55, 0x30};
  W.writeModule(RawNasty, KernelAddr, KernelAddr + 0x1000, BigAddr, BuildId, sizeof BuildId);
  W.writeModule("/no/build/id.so", 0, 0x1000, 0x2000, nullptr, 0);

  // ---- stacks
  const uintptr_t Frames1[] = {BigAddr, Beyond53, 0x55d0c2a01234, 0x1};
  const uintptr_t Frames2[] = {0x7f3a5c029d90};
  W.writeStack(1, Frames1, 4);
  W.writeStack(2, Frames2, 1);
  W.writeStack(3, nullptr, 0); // an empty stack is still a stack

  // ---- threads: main, a worker renamed later, one with a nasty name.
  W.writeThread(0, 0, "", 0);
  W.writeThread(1, 0, "", 2);
  W.writeThread(2, 1, RawNasty, 1);
  W.writeThread(1, 0, "worker-\"1\"", 2); // pthread_setname_np: same id, new name

  // ---- locks of each kind
  const char *Kinds[] = {"mutex", "rwlock", "spinlock", "semaphore", "c11-mutex"};
  for (uint32_t I = 0; I < 5; ++I)
    W.writeLock(I + 1, BigAddr - I * 0x40, Kinds[I], I, I % 3 + 1);
  W.writeLock(6, 0x10, "mutex", 4000000000u, 0);

  // ---- edges
  const uint32_t Held[] = {1, 2, 3};
  W.writeEdge(3, 4, 1, 1, 2, Held, 3);
  W.writeEdge(1, 2, 0, 2, 3, nullptr, 0);
  // Version 2: one record for an acquisition's new edges; 20 held, 16 listed.
  const uint32_t Froms[] = {1, 2, 3}, FromStacks[] = {1, 2, 3};
  uint32_t ManyHeld[20];
  for (uint32_t I = 0; I < 20; ++I)
    ManyHeld[I] = I + 1;
  W.writeEdges(5, 1, 3, Froms, FromStacks, 3, ManyHeld, 20);

  // ---- findings: every shape
  W.beginLockOrderInversion(RawNasty, 2, 3);
  W.addCycleEdge(1, 2, 0, 1, 2);
  W.addCycleEdge(2, 3, 1, 2, 3);
  W.addCycleEdge(3, 1, 2, 3, 1);
  W.endFinding();
  W.beginDeadlock("deadlock: 2 threads", 0, /*Orphan=*/true);
  W.addDeadlockThread(1, 4, 5, 2, 1, 2);
  W.addDeadlockThread(2, 0, 4, 7, 3, 0); // the orphan waiter: holds nothing, owner exited
  W.endFinding();
  W.beginDeadlock("deadlock, no orphan", 1, false);
  W.addDeadlockThread(0, 1, 2, 1, 1, 1);
  W.endFinding();
  W.writeDoubleLock("double \\ lock", 1, 3, 2, 1);
  W.writeBadUnlock("bad unlock", 2, 0, BigAddr, 3);
  W.beginLockLeak("leak at exit", 1, "thread-exit", 2);
  W.addLeakedLock(1, 1);
  W.addLeakedLock(5, 3);
  W.endFinding();
  W.beginLockLeak("destroyed", 0, "destroyed-while-held", 0);
  W.addLeakedLock(6, 0);
  W.endFinding();

  // ---- stats and end
  LockStat S1{};
  S1.Acquisitions = 5000;
  S1.SharedAcquisitions = 0;
  S1.Contended = 1200;
  S1.WaitNs = 53000000;
  S1.HoldSamples = 3;
  W.writeLockStats(1, S1);
  LockStat S2{};
  S2.Contended = Beyond53;
  S2.WaitNs = (1ull << 62) + 3;
  S2.SharedAcquisitions = 11;
  S2.MaxHoldNs = 77;
  W.writeLockStats(2, S2);
  S1.Contended = 1300; // an exec that failed writes them again: the last one counts
  W.writeLockStats(1, S1);
  W.writeLockSite("waiter", SiteStat{uint64_t(1) << 32 | 3, 40, 900, 100});
  W.writeLockSite("holder", SiteStat{uint64_t(1) << 32 | 3, 41, 901, 101});
  W.writeEnd(TraceEnd{"exit", 66, true, -3, 6, 2, 7, 123456789});
  W.close();

  std::string Text = slurp(pathFor(4242));
  ASSERT_FALSE(Text.empty());
  EXPECT_EQ(Text.back(), '\n');
  tr::Trace T = read(pathFor(4242));

  // Nothing was damaged, dropped or unknown.
  EXPECT_TRUE(T.Problem.empty()) << T.Problem;
  EXPECT_EQ(T.StoppedAtLine, 0u);
  EXPECT_EQ(T.UnknownRecords, 0u);
  EXPECT_EQ(T.MalformedRecords, 0u);
  EXPECT_EQ(T.Path, pathFor(4242));

  // header
  EXPECT_EQ(T.Head.Version, 2u);
  EXPECT_EQ(T.Head.Pid, 4242);
  EXPECT_EQ(T.Head.Ppid, 4240);
  EXPECT_EQ(T.Head.Exe, "/abs/pr\"og\\dir/" + Fffd + "name");
  ASSERT_EQ(T.Head.Argv.size(), size_t(TraceWriter::kMaxTraceArgv)) << "argv is capped at 64";
  EXPECT_EQ(T.Head.Argv[0], "arg0");
  EXPECT_EQ(T.Head.Argv[1], DecodedNasty);
  EXPECT_EQ(T.Head.Argv[2], "") << "a null argument is written as \"\"";
  EXPECT_EQ(T.Head.Argv[3], "");
  EXPECT_EQ(T.Head.Argv[63], "arg63");
  EXPECT_EQ(T.Head.StartUnixMs, int64_t(Beyond53));
  EXPECT_EQ(T.Head.Options, Options);
  EXPECT_EQ(T.option("exitcode"), "66");
  EXPECT_EQ(T.option("suppressions"), "/s \"q\".supp");

  // modules
  ASSERT_EQ(T.Modules.size(), RealModules + 2);
  char SelfExe[4096];
  ASSERT_GT(TraceWriter::readSelfExe(SelfExe, sizeof SelfExe), 0u);
  EXPECT_EQ(T.Modules[0].Path, SelfExe) << "the main program gets its resolved exe path";
  bool SawLibc = false;
  for (size_t I = 0; I < RealModules; ++I) {
    const tr::Module &M = T.Modules[I];
    EXPECT_FALSE(M.Path.empty());
    EXPECT_LT(M.Begin, M.End) << M.Path;
    EXPECT_LE(M.Base, M.Begin) << M.Path;
    EXPECT_TRUE(M.BuildId.empty() || M.BuildId.size() % 2 == 0) << M.Path;
    SawLibc |= M.Path.find("libc.so") != std::string::npos;
    EXPECT_EQ(T.findModule(M.Begin), &M) << M.Path;
  }
  EXPECT_TRUE(SawLibc);
  // This test's own code is in the first module.
  uint64_t OwnCode = reinterpret_cast<uintptr_t>(&TraceRoundTripTest::slurp);
  const tr::Module *Own = T.findModule(OwnCode);
  ASSERT_NE(Own, nullptr);
  EXPECT_EQ(Own->Path, SelfExe);
  const tr::Module &Hand = T.Modules[RealModules];
  EXPECT_EQ(Hand.Path, DecodedNasty);
  EXPECT_EQ(Hand.Base, KernelAddr);
  EXPECT_EQ(Hand.Begin, KernelAddr + 0x1000);
  EXPECT_EQ(Hand.End, BigAddr);
  EXPECT_EQ(Hand.BuildId, "c047672cae7964324658491e7dee2674cd3b5530");
  EXPECT_EQ(T.findModule(BigAddr - 1), &Hand);
  EXPECT_EQ(T.Modules[RealModules + 1].BuildId, "");
  EXPECT_EQ(T.Modules[RealModules + 1].Base, 0u);

  // stacks
  ASSERT_EQ(T.Stacks.size(), 3u);
  EXPECT_EQ(T.Stacks[1], (std::vector<uint64_t>{BigAddr, Beyond53, 0x55d0c2a01234, 0x1}));
  EXPECT_EQ(T.Stacks[2], (std::vector<uint64_t>{0x7f3a5c029d90}));
  ASSERT_NE(T.findStack(3), nullptr);
  EXPECT_TRUE(T.findStack(3)->empty());

  // threads
  ASSERT_EQ(T.Threads.size(), 3u);
  EXPECT_EQ(T.Threads[0].Name, "");
  EXPECT_EQ(T.Threads[0].Stack, 0u);
  EXPECT_EQ(T.Threads[1].Name, "worker-\"1\"") << "the rename wins";
  EXPECT_EQ(T.Threads[1].Parent, 0u);
  EXPECT_EQ(T.Threads[1].Stack, 2u);
  EXPECT_EQ(T.Threads[2].Name, DecodedNasty);
  EXPECT_EQ(T.Threads[2].Parent, 1u);
  EXPECT_EQ(T.Threads[2].Stack, 1u);

  // locks
  ASSERT_EQ(T.Locks.size(), 6u);
  for (uint32_t I = 0; I < 5; ++I) {
    const tr::Lock *L = T.findLock(I + 1);
    ASSERT_NE(L, nullptr);
    EXPECT_EQ(L->Id, I + 1);
    EXPECT_EQ(L->Addr, BigAddr - I * 0x40);
    EXPECT_EQ(L->Kind, Kinds[I]);
    EXPECT_EQ(L->Generation, I);
    EXPECT_EQ(L->Stack, I % 3 + 1);
  }
  EXPECT_EQ(T.findLock(6)->Generation, 4000000000u);
  EXPECT_EQ(T.findLock(6)->Addr, 0x10u);

  // edges
  ASSERT_EQ(T.Edges.size(), 5u) << "2 edge records, and an edges record of 3";
  for (size_t I = 2; I < 5; ++I) {
    EXPECT_EQ(T.Edges[I].From, unsigned(I - 1));
    EXPECT_EQ(T.Edges[I].StackFrom, unsigned(I - 1));
    EXPECT_EQ(T.Edges[I].To, 5u);
    EXPECT_EQ(T.Edges[I].Thread, 1u);
    EXPECT_EQ(T.Edges[I].StackTo, 3u);
    ASSERT_EQ(T.Edges[I].Held.size(), 16u) << "the outermost 16 of 20";
    EXPECT_EQ(T.Edges[I].Held.front(), 1u);
    EXPECT_EQ(T.Edges[I].Held.back(), 16u);
  }
  EXPECT_EQ(T.Edges[0].From, 3u);
  EXPECT_EQ(T.Edges[0].To, 4u);
  EXPECT_EQ(T.Edges[0].Thread, 1u);
  EXPECT_EQ(T.Edges[0].StackFrom, 1u);
  EXPECT_EQ(T.Edges[0].StackTo, 2u);
  EXPECT_EQ(T.Edges[0].Held, (std::vector<unsigned>{1, 2, 3})) << "outermost first";
  EXPECT_EQ(T.Edges[1].From, 1u);
  EXPECT_EQ(T.Edges[1].Thread, 0u);
  EXPECT_TRUE(T.Edges[1].Held.empty());

  // findings
  ASSERT_EQ(T.Findings.size(), 7u);
  const tr::Finding &Inv = T.Findings[0];
  EXPECT_EQ(Inv.Rule, "lock-order-inversion");
  EXPECT_EQ(Inv.Message, DecodedNasty);
  EXPECT_EQ(Inv.Thread, 2u);
  EXPECT_EQ(Inv.Length, 3u);
  ASSERT_EQ(Inv.Cycle.size(), 3u);
  for (unsigned I = 0; I < 3; ++I) {
    EXPECT_EQ(Inv.Cycle[I].From, I + 1);
    EXPECT_EQ(Inv.Cycle[I].To, (I + 1) % 3 + 1);
    EXPECT_EQ(Inv.Cycle[I].Thread, I);
    EXPECT_EQ(Inv.Cycle[I].StackFrom, I + 1);
    EXPECT_EQ(Inv.Cycle[I].StackTo, (I + 1) % 3 + 1);
    EXPECT_TRUE(Inv.Cycle[I].Held.empty());
    if (I)
      EXPECT_EQ(Inv.Cycle[I].From, Inv.Cycle[I - 1].To) << "each edge starts where the last ends";
  }
  EXPECT_EQ(Inv.Cycle[2].To, Inv.Cycle[0].From) << "the cycle closes";

  const tr::Finding &Dl = T.Findings[1];
  EXPECT_EQ(Dl.Rule, "deadlock");
  EXPECT_EQ(Dl.Message, "deadlock: 2 threads");
  EXPECT_EQ(Dl.Thread, 0u);
  EXPECT_TRUE(Dl.Orphan);
  ASSERT_EQ(Dl.Threads.size(), 2u);
  EXPECT_EQ(Dl.Threads[0].Thread, 1u);
  EXPECT_EQ(Dl.Threads[0].Holds, 4u);
  EXPECT_EQ(Dl.Threads[0].WaitsFor, 5u);
  EXPECT_EQ(Dl.Threads[0].Owner, 2u);
  EXPECT_EQ(Dl.Threads[0].WaitStack, 1u);
  EXPECT_EQ(Dl.Threads[0].HoldStack, 2u);
  EXPECT_EQ(Dl.Threads[1].Thread, 2u);
  EXPECT_EQ(Dl.Threads[1].Holds, 0u) << "an orphan waiter holds nothing";
  EXPECT_EQ(Dl.Threads[1].WaitsFor, 4u);
  EXPECT_EQ(Dl.Threads[1].Owner, 7u);
  EXPECT_EQ(Dl.Threads[1].WaitStack, 3u);
  EXPECT_EQ(Dl.Threads[1].HoldStack, 0u);
  EXPECT_TRUE(Dl.Cycle.empty());
  EXPECT_TRUE(Dl.Locks.empty());

  const tr::Finding &Dl2 = T.Findings[2];
  EXPECT_EQ(Dl2.Rule, "deadlock");
  EXPECT_FALSE(Dl2.Orphan);
  EXPECT_EQ(Dl2.Thread, 1u);
  ASSERT_EQ(Dl2.Threads.size(), 1u);
  EXPECT_EQ(Dl2.Threads[0].Holds, 1u);

  const tr::Finding &Dbl = T.Findings[3];
  EXPECT_EQ(Dbl.Rule, "double-lock");
  EXPECT_EQ(Dbl.Message, "double \\ lock");
  EXPECT_EQ(Dbl.Thread, 1u);
  EXPECT_EQ(Dbl.Lock, 3u);
  EXPECT_EQ(Dbl.Stack, 2u);
  EXPECT_EQ(Dbl.FirstStack, 1u);

  const tr::Finding &Bad = T.Findings[4];
  EXPECT_EQ(Bad.Rule, "bad-unlock");
  EXPECT_EQ(Bad.Thread, 2u);
  EXPECT_EQ(Bad.Lock, 0u) << "never locked";
  EXPECT_EQ(Bad.Addr, BigAddr);
  EXPECT_EQ(Bad.Stack, 3u);

  const tr::Finding &Leak = T.Findings[5];
  EXPECT_EQ(Leak.Rule, "lock-leak");
  EXPECT_EQ(Leak.Message, "leak at exit");
  EXPECT_EQ(Leak.Thread, 1u);
  EXPECT_EQ(Leak.Reason, "thread-exit");
  EXPECT_EQ(Leak.Stack, 2u);
  ASSERT_EQ(Leak.Locks.size(), 2u);
  EXPECT_EQ(Leak.Locks[0].Lock, 1u);
  EXPECT_EQ(Leak.Locks[0].Stack, 1u);
  EXPECT_EQ(Leak.Locks[1].Lock, 5u);
  EXPECT_EQ(Leak.Locks[1].Stack, 3u);

  const tr::Finding &Leak2 = T.Findings[6];
  EXPECT_EQ(Leak2.Reason, "destroyed-while-held");
  EXPECT_EQ(Leak2.Stack, 0u) << "unknown";
  ASSERT_EQ(Leak2.Locks.size(), 1u);
  EXPECT_EQ(Leak2.Locks[0].Lock, 6u);

  // lock_stats
  ASSERT_EQ(T.Stats.size(), 2u);
  EXPECT_EQ(T.Stats[0].Lock, 2u);
  EXPECT_EQ(T.Stats[0].Contended, Beyond53) << "JSON integers are exact past 2^53";
  EXPECT_EQ(T.Stats[0].WaitNs, (1ull << 62) + 3);
  EXPECT_EQ(T.Stats[0].Shared, 11u);
  EXPECT_EQ(T.Stats[0].MaxHoldNs, 77u);
  EXPECT_EQ(T.Stats[1].Lock, 1u);
  EXPECT_EQ(T.Stats[1].Contended, 1300u) << "the last record of a lock wins";
  EXPECT_EQ(T.Stats[1].Acquisitions, 5000u);
  EXPECT_EQ(T.Stats[1].WaitNs, 53000000u);
  EXPECT_EQ(T.Stats[1].HoldSamples, 3u);
  ASSERT_EQ(T.Sites.size(), 2u);
  EXPECT_FALSE(T.Sites[0].Holder);
  EXPECT_TRUE(T.Sites[1].Holder);
  EXPECT_EQ(T.Sites[1].Lock, 1u);
  EXPECT_EQ(T.Sites[1].Stack, 3u);
  EXPECT_EQ(T.Sites[1].Count, 41u);
  EXPECT_EQ(T.Sites[1].WaitNs, 901u);
  EXPECT_EQ(T.Sites[1].MaxWaitNs, 101u);

  // end
  ASSERT_TRUE(T.Finish.has_value());
  EXPECT_EQ(T.Finish->Reason, "exit");
  EXPECT_EQ(T.Finish->Status, 66);
  EXPECT_EQ(T.Finish->ProgramStatus, std::optional<int>(-3));
  EXPECT_EQ(T.Finish->Locks, 6u);
  EXPECT_EQ(T.Finish->Edges, 2u);
  EXPECT_EQ(T.Finish->Findings, 7u);
  EXPECT_EQ(T.Finish->ThreadNs, 123456789u);
  EXPECT_EQ(T.processName(), Fffd + "name (pid 4242)") << "the exe's basename";
}

TEST_F(TraceRoundTripTest, LongCycleKeepsItsLength) {
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 7));
  W.writeHeader(TraceHeader{7, 1, "/p", nullptr, 0, 0, nullptr});
  W.beginLockOrderInversion("long", 0, 100);
  for (uint32_t I = 1; I <= 100; ++I)
    W.addCycleEdge(I, I % 100 + 1, 0, I, I % 100 + 1);
  W.endFinding();
  W.writeEnd(TraceEnd{"deadlock", 66, false, 0, 100, 100, 1, 0});
  W.close();
  tr::Trace T = read(pathFor(7));
  EXPECT_TRUE(T.Problem.empty()) << T.Problem;
  EXPECT_TRUE(T.Head.Argv.empty());
  EXPECT_EQ(T.Head.Options, "") << "null options are \"\"";
  ASSERT_EQ(T.Findings.size(), 1u);
  EXPECT_EQ(T.Findings[0].Cycle.size(), size_t(TraceWriter::kMaxCycleEdges));
  EXPECT_EQ(T.Findings[0].Length, 100u) << "the full length survives the cap";
  ASSERT_TRUE(T.Finish.has_value());
  EXPECT_EQ(T.Finish->Reason, "deadlock");
  EXPECT_FALSE(T.Finish->ProgramStatus.has_value()) << "absent for a deadlock abort";
}

// The writer's fork support: the child's file has its own header (pid, ppid, the same
// exe/argv/options) and none of the parent's buffered records.
TEST_F(TraceRoundTripTest, ForkedChildGetsItsOwnReadableFile) {
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 100));
  const char *Argv[] = {"prog", "-x"};
  W.writeHeader(TraceHeader{100, 1, "/bin/prog", Argv, 2, 5, "trace_dir=/d"});
  W.writeLock(1, 0x1000, "mutex", 0, 0); // buffered in the parent, not in the child file
  pid_t Child = fork();
  ASSERT_GE(Child, 0);
  if (Child == 0) {
    bool Ok = W.reopenAfterFork(101);
    W.writeLock(1, 0x2000, "rwlock", 0, 0);
    W.writeEnd(TraceEnd{"exit", 0, true, 0, 1, 0, 0});
    W.close();
    _exit(Ok ? 0 : 1);
  }
  int Status = 0;
  ASSERT_EQ(waitpid(Child, &Status, 0), Child);
  ASSERT_TRUE(WIFEXITED(Status) && WEXITSTATUS(Status) == 0);
  W.writeEnd(TraceEnd{"exit", 0, true, 0, 1, 0, 0});
  W.close();

  tr::Trace P = read(pathFor(100));
  tr::Trace C = read(pathFor(101));
  EXPECT_TRUE(P.Problem.empty()) << P.Problem;
  EXPECT_TRUE(C.Problem.empty()) << C.Problem;
  EXPECT_EQ(C.Head.Pid, 101);
  EXPECT_EQ(C.Head.Ppid, 100);
  EXPECT_EQ(C.Head.Exe, "/bin/prog");
  EXPECT_EQ(C.Head.Argv, (std::vector<std::string>{"prog", "-x"}));
  EXPECT_EQ(C.Head.Options, "trace_dir=/d");
  ASSERT_EQ(P.Locks.size(), 1u);
  EXPECT_EQ(P.findLock(1)->Addr, 0x1000u);
  ASSERT_EQ(C.Locks.size(), 1u);
  EXPECT_EQ(C.findLock(1)->Addr, 0x2000u) << "the parent's buffered lock is not in the child";
}

// A process that flushed and then was killed: everything flushed is there, the
// records buffered after the flush are lost, and the reader says "no end record".
TEST_F(TraceRoundTripTest, KilledAfterAFlushKeepsTheFlushedRecords) {
  pid_t Child = fork();
  ASSERT_GE(Child, 0);
  if (Child == 0) {
    TraceWriter K{};
    if (!K.open(Dir.c_str(), "prog", 555))
      _exit(1);
    const char *Argv[] = {"prog"};
    K.writeHeader(TraceHeader{555, 1, "/bin/prog", Argv, 1, 1, ""});
    K.writeModule("/bin/prog", 0x555500000000, 0x555500000000, 0x555500010000, nullptr, 0);
    const uintptr_t F[] = {0x555500001234};
    K.writeStack(1, F, 1);
    K.writeLock(1, 0x555500004040, "mutex", 0, 1);
    K.writeLock(2, 0x555500004080, "mutex", 0, 1);
    const uint32_t H[] = {1};
    K.writeEdge(1, 2, 0, 1, 1, H, 1);
    K.beginLockOrderInversion("inversion", 0, 2);
    K.addCycleEdge(1, 2, 0, 1, 1);
    K.addCycleEdge(2, 1, 0, 1, 1);
    K.endFinding();
    if (!K.flush()) // the watchdog's periodic flush
      _exit(2);
    // After the flush: buffered only, lost with the process.
    K.writeLock(3, 0x5555000040c0, "mutex", 0, 1);
    K.writeEnd(TraceEnd{"exit", 0, true, 0, 3, 1, 1, 0});
    raise(SIGKILL);
    _exit(3);
  }
  int Status = 0;
  ASSERT_EQ(waitpid(Child, &Status, 0), Child);
  ASSERT_TRUE(WIFSIGNALED(Status) && WTERMSIG(Status) == SIGKILL) << Status;

  std::string Text = slurp(pathFor(555));
  ASSERT_FALSE(Text.empty());
  EXPECT_EQ(Text.back(), '\n') << "only whole lines reach the file";
  tr::Trace T = read(pathFor(555));
  EXPECT_EQ(T.Head.Pid, 555);
  EXPECT_EQ(T.Modules.size(), 1u);
  EXPECT_EQ(T.Stacks.size(), 1u);
  EXPECT_EQ(T.Locks.size(), 2u) << "lock 3 was never flushed";
  EXPECT_EQ(T.Edges.size(), 1u);
  ASSERT_EQ(T.Findings.size(), 1u);
  EXPECT_EQ(T.Findings[0].Cycle.size(), 2u);
  EXPECT_FALSE(T.Finish.has_value());
  EXPECT_EQ(T.StoppedAtLine, 0u) << "nothing damaged, just short";
  EXPECT_EQ(T.Problem, pathFor(555) + ": ended without an end record (killed or crashed?)");
}

// A file cut in the middle of a line (the disk filled, the process died inside write):
// every record before the cut is kept; the cut line and the end are not.
TEST_F(TraceRoundTripTest, FileCutInTheMiddleOfALineKeepsWhatCameBefore) {
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 9));
  W.writeHeader(TraceHeader{9, 1, "/bin/prog", nullptr, 0, 1, ""});
  const uintptr_t F[] = {BigAddr};
  W.writeStack(1, F, 1);
  W.writeLock(1, 0x1000, "mutex", 0, 1);
  W.writeLock(2, 0x2000, "mutex", 0, 1);
  const uint32_t H[] = {1};
  W.writeEdge(1, 2, 0, 1, 1, H, 1);
  W.writeDoubleLock("double", 0, 1, 1, 1);
  W.writeEnd(TraceEnd{"exit", 66, true, 0, 2, 1, 1, 0});
  W.close();
  std::string Text = slurp(pathFor(9));

  // Cut inside line 5 (the edge): lines 1-4 stay.
  size_t Line5 = 0;
  for (int I = 0; I < 4; ++I)
    Line5 = Text.find('\n', Line5) + 1;
  size_t Line6 = Text.find('\n', Line5) + 1;
  ASSERT_EQ(Text.compare(Line5, 12, "{\"t\":\"edge\","), 0) << Text;
  std::string Cut = Text.substr(0, Line5 + (Line6 - Line5) / 2);
  tr::Trace T = parse(Cut, "cut.trace");
  EXPECT_EQ(T.Stacks.size(), 1u);
  EXPECT_EQ(T.Locks.size(), 2u);
  EXPECT_TRUE(T.Edges.empty());
  EXPECT_TRUE(T.Findings.empty());
  EXPECT_FALSE(T.Finish.has_value());
  EXPECT_EQ(T.StoppedAtLine, 5u);
  EXPECT_NE(T.Problem.find("cut.trace:5:"), std::string::npos) << T.Problem;
  EXPECT_NE(T.Problem.find("no end record"), std::string::npos) << T.Problem;
  EXPECT_EQ(T.Problem.find('\n'), std::string::npos) << "one line";

  // The same through the file reader, cut inside the end record itself: the finding
  // before it survives.
  size_t LastLine = Text.rfind('\n', Text.size() - 2) + 1;
  std::string CutPath = Dir + "/cut.trace";
  {
    std::ofstream Out(CutPath, std::ios::binary);
    Out << Text.substr(0, LastLine + 10);
  }
  tr::Trace T2 = read(CutPath);
  EXPECT_EQ(T2.Edges.size(), 1u);
  ASSERT_EQ(T2.Findings.size(), 1u);
  EXPECT_EQ(T2.Findings[0].Rule, "double-lock");
  EXPECT_FALSE(T2.Finish.has_value());
  EXPECT_EQ(T2.StoppedAtLine, 7u);
  EXPECT_NE(T2.Problem.find(CutPath + ":7:"), std::string::npos) << T2.Problem;
}

} // namespace
