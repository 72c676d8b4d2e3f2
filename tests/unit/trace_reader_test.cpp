// The runtime trace reader (report/include/lockgraph/Trace.h, docs/trace-format.md):
// every record type, and every way a file can be damaged.
#include "lockgraph/Trace.h"

#include <gtest/gtest.h>

using namespace lockgraph;
using namespace lockgraph::trace;

namespace {

const char *HeaderLine =
    R"({"t":"header","format":"lockgraph-trace","version":1,"pid":4242,"ppid":4240,)"
    R"("exe":"/abs/prog","argv":["prog","--flag"],"start_unix_ms":1764480000000,)"
    R"("options":"trace_dir=/tmp/lg:exitcode=66:suppressions=/s.supp"})"
    "\n";
const char *EndLine =
    R"({"t":"end","reason":"exit","status":66,"program_status":0,"locks":2,"edges":1,"findings":1})"
    "\n";

Trace parse(const std::string &Text) {
  llvm::Expected<Trace> T = parseTrace(Text, "x.trace");
  if (!T) {
    ADD_FAILURE() << llvm::toString(T.takeError());
    return Trace();
  }
  return std::move(*T);
}

std::string rejection(const std::string &Text) {
  llvm::Expected<Trace> T = parseTrace(Text, "x.trace");
  if (T)
    return "";
  return llvm::toString(T.takeError());
}

TEST(TraceReaderTest, HeaderAndEnd) {
  Trace T = parse(std::string(HeaderLine) + EndLine);
  EXPECT_EQ(T.Head.Version, 1u);
  EXPECT_EQ(T.Head.Pid, 4242);
  EXPECT_EQ(T.Head.Ppid, 4240);
  EXPECT_EQ(T.Head.Exe, "/abs/prog");
  EXPECT_EQ(T.Head.Argv, (std::vector<std::string>{"prog", "--flag"}));
  EXPECT_EQ(T.Head.StartUnixMs, 1764480000000);
  EXPECT_EQ(T.option("trace_dir"), "/tmp/lg");
  EXPECT_EQ(T.option("suppressions"), "/s.supp");
  EXPECT_EQ(T.option("nothing"), "");
  EXPECT_EQ(T.processName(), "prog (pid 4242)");
  ASSERT_TRUE(T.Finish.has_value());
  EXPECT_EQ(T.Finish->Reason, "exit");
  EXPECT_EQ(T.Finish->Status, 66);
  EXPECT_EQ(T.Finish->ProgramStatus, std::optional<int>(0));
  EXPECT_EQ(T.Finish->Findings, 1u);
  EXPECT_TRUE(T.Problem.empty()) << T.Problem;
  EXPECT_EQ(T.StoppedAtLine, 0u);
}

TEST(TraceReaderTest, EveryRecordType) {
  std::string Text = HeaderLine;
  Text += R"({"t":"module","path":"/usr/lib/libc.so.6","base":"0x7f3a5c000000",)"
          R"("begin":"0x7f3a5c028000","end":"0x7f3a5c1bd000","build_id":"C0476"})"
          "\n";
  Text += R"({"t":"thread","id":3,"parent":0,"name":"","stack":17})"
          "\n";
  Text += R"({"t":"thread","id":3,"parent":0,"name":"worker-2","stack":17})"
          "\n";
  Text += R"({"t":"stack","id":17,"frames":["0x55d0c2a01234","0x55d0c2a01456"]})"
          "\n";
  Text += R"({"t":"lock","id":5,"addr":"0x55d0c2c04040","kind":"mutex","generation":2,"stack":17})"
          "\n";
  Text += R"({"t":"edge","from":5,"to":6,"thread":1,"stack_from":17,"stack_to":18,"held":[5]})"
          "\n";
  Text += R"({"t":"finding","rule":"lock-order-inversion","message":"m","thread":1,"length":2,)"
          R"("cycle":[{"from":5,"to":6,"thread":1,"stack_from":17,"stack_to":18},)"
          R"({"from":6,"to":5,"thread":2,"stack_from":19,"stack_to":20}]})"
          "\n";
  Text +=
      R"({"t":"finding","rule":"deadlock","message":"d","thread":0,"orphan":true,)"
      R"("threads":[{"thread":1,"holds":0,"waits_for":5,"owner":2,"wait_stack":3,"hold_stack":0}]})"
      "\n";
  Text += R"({"t":"finding","rule":"double-lock","message":"d","thread":0,"lock":5,)"
          R"("stack":3,"first_stack":4})"
          "\n";
  Text += R"({"t":"finding","rule":"bad-unlock","message":"b","thread":0,"lock":0,)"
          R"("addr":"0x10","stack":3})"
          "\n";
  Text += R"({"t":"finding","rule":"lock-leak","message":"l","thread":1,"reason":"thread-exit",)"
          R"("locks":[{"lock":5,"stack":3}],"stack":0})"
          "\n";
  Text += R"({"t":"lock_stats","lock":5,"contended":1200,"wait_ns":53000000})"
          "\n";
  Text += EndLine;
  Trace T = parse(Text);

  ASSERT_EQ(T.Modules.size(), 1u);
  EXPECT_EQ(T.Modules[0].Base, 0x7f3a5c000000u);
  EXPECT_EQ(T.Modules[0].Begin, 0x7f3a5c028000u);
  EXPECT_EQ(T.Modules[0].End, 0x7f3a5c1bd000u);
  EXPECT_EQ(T.Modules[0].BuildId, "c0476") << "build ids compare in lower case";
  EXPECT_EQ(T.findModule(0x7f3a5c028000), &T.Modules[0]);
  EXPECT_EQ(T.findModule(0x7f3a5c1bd000), nullptr) << "End is exclusive";

  ASSERT_NE(T.findThread(3), nullptr);
  EXPECT_EQ(T.findThread(3)->Name, "worker-2") << "the last thread record wins";
  ASSERT_NE(T.findStack(17), nullptr);
  EXPECT_EQ(*T.findStack(17), (std::vector<uint64_t>{0x55d0c2a01234, 0x55d0c2a01456}));
  ASSERT_NE(T.findLock(5), nullptr);
  EXPECT_EQ(T.findLock(5)->Addr, 0x55d0c2c04040u);
  EXPECT_EQ(T.findLock(5)->Kind, "mutex");
  EXPECT_EQ(T.findLock(5)->Generation, 2u);

  ASSERT_EQ(T.Edges.size(), 1u);
  EXPECT_EQ(T.Edges[0].StackTo, 18u);
  EXPECT_EQ(T.Edges[0].Held, std::vector<unsigned>{5});

  ASSERT_EQ(T.Findings.size(), 5u);
  EXPECT_EQ(T.Findings[0].Cycle.size(), 2u);
  EXPECT_EQ(T.Findings[0].Cycle[1].Thread, 2u);
  EXPECT_EQ(T.Findings[0].Length, 2u);
  EXPECT_TRUE(T.Findings[1].Orphan);
  ASSERT_EQ(T.Findings[1].Threads.size(), 1u);
  EXPECT_EQ(T.Findings[1].Threads[0].WaitsFor, 5u);
  EXPECT_EQ(T.Findings[1].Threads[0].Owner, 2u);
  EXPECT_EQ(T.Findings[2].FirstStack, 4u);
  EXPECT_EQ(T.Findings[3].Addr, 0x10u);
  EXPECT_EQ(T.Findings[4].Reason, "thread-exit");
  ASSERT_EQ(T.Findings[4].Locks.size(), 1u);
  EXPECT_EQ(T.Findings[4].Locks[0].Lock, 5u);

  ASSERT_EQ(T.Stats.size(), 1u);
  EXPECT_EQ(T.Stats[0].Contended, 1200u);
  EXPECT_EQ(T.Stats[0].WaitNs, 53000000u);
  EXPECT_TRUE(T.Problem.empty()) << T.Problem;
}

TEST(TraceReaderTest, RejectsWhatIsNotAVersion1Or2Header) {
  EXPECT_NE(rejection(""), "");
  EXPECT_NE(rejection("garbage\n"), "");
  EXPECT_NE(rejection("{\"t\":\"module\"}\n"), "");
  EXPECT_NE(rejection("{\"t\":\"header\",\"format\":\"other\",\"version\":1}\n"), "");
  std::string V3 = rejection("{\"t\":\"header\",\"format\":\"lockgraph-trace\",\"version\":3}\n");
  EXPECT_NE(V3.find("unsupported version 3 (this lockgraph reads 1 to 2)"), std::string::npos)
      << V3;
  EXPECT_EQ(rejection("{\"t\":\"header\",\"format\":\"lockgraph-trace\",\"version\":2}\n"), "");
  EXPECT_NE(rejection("{\"t\":\"header\",\"format\":\"lockgraph-trace\",\"version\":\"1\"}\n"), "");
  // A header cut short is not a header.
  EXPECT_NE(rejection(std::string(HeaderLine).substr(0, 40)), "");
  std::string Unterminated = HeaderLine;
  Unterminated.pop_back();
  EXPECT_NE(rejection(Unterminated), "");
  // One line naming the file.
  std::string Msg = rejection("garbage\n");
  EXPECT_NE(Msg.find("x.trace"), std::string::npos) << Msg;
  EXPECT_EQ(Msg.find('\n'), std::string::npos) << Msg;
}

TEST(TraceReaderTest, InvalidLineEndsTheUsablePart) {
  std::string Text = std::string(HeaderLine) + R"({"t":"lock","id":1,"stack":0})" + "\n" +
                     "{\"t\":\"lock\",\"id\":2,\n" + R"({"t":"lock","id":3,"stack":0})" + "\n" +
                     EndLine;
  Trace T = parse(Text);
  EXPECT_EQ(T.Locks.size(), 1u) << "only the records before the damage are kept";
  EXPECT_EQ(T.StoppedAtLine, 3u);
  EXPECT_FALSE(T.Finish.has_value()) << "the end record comes after the damage";
  EXPECT_NE(T.Problem.find("x.trace:3:"), std::string::npos) << T.Problem;
  EXPECT_EQ(T.Problem.find('\n'), std::string::npos) << T.Problem;
}

TEST(TraceReaderTest, LastLineWithoutNewlineIsIgnored) {
  std::string Text = std::string(HeaderLine) + R"({"t":"lock","id":1,"stack":0})" + "\n" +
                     R"({"t":"lock","id":2,"stack":0})"; // complete JSON, but unterminated
  Trace T = parse(Text);
  EXPECT_EQ(T.Locks.size(), 1u);
  EXPECT_EQ(T.StoppedAtLine, 3u);
  EXPECT_NE(T.Problem.find("x.trace:3:"), std::string::npos) << T.Problem;
  EXPECT_NE(T.Problem.find("no end record"), std::string::npos) << T.Problem;
}

TEST(TraceReaderTest, MissingEndIsOneNote) {
  Trace T = parse(std::string(HeaderLine) + R"({"t":"lock","id":1,"stack":0})" + "\n");
  EXPECT_EQ(T.Locks.size(), 1u);
  EXPECT_EQ(T.StoppedAtLine, 0u);
  EXPECT_EQ(T.Problem, "x.trace: ended without an end record (killed or crashed?)");
}

TEST(TraceReaderTest, UnknownRecordsAreSkippedAndCounted) {
  Trace T = parse(std::string(HeaderLine) + R"({"t":"future_thing","x":[1,2]})" + "\n" +
                  R"({"t":"another"})" + "\n" + EndLine);
  EXPECT_EQ(T.UnknownRecords, 2u);
  EXPECT_EQ(T.MalformedRecords, 0u);
  EXPECT_TRUE(T.Problem.empty()) << T.Problem;
}

TEST(TraceReaderTest, MalformedRecordsDoNotCrash) {
  // Missing members, wrong types, ids that refer to nothing, numbers out of range.
  const char *Lines[] = {
      R"([1,2,3])",
      R"({"no_type":1})",
      R"({"t":7})",
      R"({"t":"header","format":"lockgraph-trace","version":1})",
      R"({"t":"module"})",
      R"({"t":"module","path":"/x","begin":"0x20","end":"0x10"})",
      R"({"t":"module","path":"/x","base":12,"begin":"zz","end":"0x10"})",
      R"({"t":"stack"})",
      R"({"t":"stack","id":"1","frames":[]})",
      R"({"t":"stack","id":9,"frames":[1,"0xzz",null,"0x10"]})",
      R"({"t":"lock","id":-3})",
      R"({"t":"lock","id":99999999999,"addr":5})",
      R"({"t":"thread","name":"x"})",
      R"({"t":"edge","from":1})",
      R"({"t":"edge","from":1,"to":2,"held":"no"})",
      R"({"t":"finding"})",
      R"({"t":"finding","rule":"lock-order-inversion","cycle":"no","length":-1})",
      R"({"t":"finding","rule":"deadlock","threads":[1,{"thread":"a"}]})",
      R"({"t":"finding","rule":"lock-leak","locks":[{"lock":1}]})",
      R"({"t":"lock_stats","lock":0})",
      R"({"t":"end","status":"x"})",
  };
  std::string Text = HeaderLine;
  for (const char *L : Lines)
    Text += std::string(L) + "\n";
  Trace T = parse(Text);
  EXPECT_EQ(T.StoppedAtLine, 0u) << T.Problem;
  ASSERT_NE(T.findStack(9), nullptr);
  EXPECT_EQ(*T.findStack(9), std::vector<uint64_t>{0x10}) << "bad frames are dropped";
  EXPECT_EQ(T.findLock(3), nullptr);
  EXPECT_EQ(T.Edges.size(), 1u);
  EXPECT_TRUE(T.Edges[0].Held.empty());
  EXPECT_EQ(T.Findings.size(), 3u);
  EXPECT_TRUE(T.Findings[0].Cycle.empty());
  ASSERT_EQ(T.Findings[1].Threads.size(), 1u);
  EXPECT_EQ(T.Findings[1].Threads[0].Thread, 0u);
  EXPECT_EQ(T.Findings[2].Locks[0].Stack, 0u);
  ASSERT_TRUE(T.Finish.has_value());
  EXPECT_EQ(T.Finish->Status, 0);
  EXPECT_FALSE(T.Finish->ProgramStatus.has_value());
  EXPECT_GE(T.MalformedRecords, 10u);
  EXPECT_EQ(T.findModule(0x15), nullptr);
  EXPECT_EQ(T.findThread(42), nullptr);
}

TEST(TraceReaderTest, ReadsFilesAndNamesUnreadableOnes) {
  llvm::Expected<Trace> T = readTraceFile("/nonexistent/dir/x.trace");
  ASSERT_FALSE(T);
  std::string Msg = llvm::toString(T.takeError());
  EXPECT_NE(Msg.find("/nonexistent/dir/x.trace"), std::string::npos) << Msg;
}

} // namespace
