// Unit tests for the runtime's trace writer (docs/trace-format.md): exact text of
// every record, JSON string escaping, buffering and auto-flush, a real fork(), the
// module walk, directory creation and open failures.
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/TraceWriter.h"

using namespace lockgraph::rt;

namespace {

// ---------------------------------------------------------------- helpers

// A minimal JSON checker: enough to say a line is one well-formed object.
class JsonChecker {
public:
  explicit JsonChecker(const std::string &S) : S(S) {}
  bool checkObjectLine() {
    ws();
    if (Pos >= S.size() || S[Pos] != '{')
      return false;
    bool V = value();
    ws();
    return V && Pos == S.size();
  }

private:
  void ws() {
    while (Pos < S.size() && (S[Pos] == ' ' || S[Pos] == '\t'))
      ++Pos;
  }
  bool lit(const char *L) {
    size_t N = strlen(L);
    if (S.compare(Pos, N, L) != 0)
      return false;
    Pos += N;
    return true;
  }
  bool string() {
    if (S[Pos] != '"')
      return false;
    ++Pos;
    while (Pos < S.size()) {
      unsigned char C = S[Pos++];
      if (C == '"')
        return true;
      if (C < 0x20)
        return false;
      if (C == '\\') {
        if (Pos >= S.size())
          return false;
        char E = S[Pos++];
        if (E == 'u') {
          for (int I = 0; I < 4; ++I)
            if (Pos >= S.size() || !isxdigit(static_cast<unsigned char>(S[Pos++])))
              return false;
        } else if (!strchr("\"\\/bfnrt", E)) {
          return false;
        }
      }
    }
    return false;
  }
  bool number() {
    size_t Start = Pos;
    if (S[Pos] == '-')
      ++Pos;
    while (Pos < S.size() && isdigit(static_cast<unsigned char>(S[Pos])))
      ++Pos;
    return Pos > Start && isdigit(static_cast<unsigned char>(S[Pos - 1]));
  }
  bool value() {
    ws();
    if (Pos >= S.size())
      return false;
    char C = S[Pos];
    if (C == '"')
      return string();
    if (C == '{' || C == '[') {
      char Close = C == '{' ? '}' : ']';
      ++Pos;
      ws();
      if (Pos < S.size() && S[Pos] == Close) {
        ++Pos;
        return true;
      }
      for (;;) {
        if (C == '{') {
          ws();
          if (Pos >= S.size() || !string())
            return false;
          ws();
          if (Pos >= S.size() || S[Pos++] != ':')
            return false;
        }
        if (!value())
          return false;
        ws();
        if (Pos >= S.size())
          return false;
        if (S[Pos] == ',') {
          ++Pos;
          continue;
        }
        if (S[Pos] == Close) {
          ++Pos;
          return true;
        }
        return false;
      }
    }
    if (lit("true") || lit("false") || lit("null"))
      return true;
    return number();
  }

  const std::string &S;
  size_t Pos = 0;
};

bool isJsonObjectLine(const std::string &L) { return JsonChecker(L).checkObjectLine(); }

std::string readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  std::stringstream SS;
  SS << In.rdbuf();
  return SS.str();
}

// Splits on '\n'; every line must be terminated (a final fragment fails the test).
std::vector<std::string> lines(const std::string &Text) {
  std::vector<std::string> Out;
  size_t Start = 0;
  for (size_t I = 0; I < Text.size(); ++I)
    if (Text[I] == '\n') {
      Out.push_back(Text.substr(Start, I - Start));
      Start = I + 1;
    }
  EXPECT_EQ(Start, Text.size()) << "unterminated last line";
  return Out;
}

struct TraceWriterTest : ::testing::Test {
  void SetUp() override {
    char Tmpl[] = "/tmp/lg-trace-test-XXXXXX";
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
  // Closes the writer and returns the file's lines, each checked to be JSON. The
  // file is removed, so the next open() with the same pid gets the plain name again.
  std::vector<std::string> closeAndRead(int Pid = 42) {
    W.close();
    std::vector<std::string> L = lines(readFile(pathFor(Pid)));
    unlink(pathFor(Pid).c_str());
    for (const std::string &Line : L)
      EXPECT_TRUE(isJsonObjectLine(Line)) << Line;
    return L;
  }
  // The one record written by F, as text.
  template <typename Fn> std::string only(Fn F) {
    EXPECT_TRUE(W.open(Dir.c_str(), "prog", 42));
    F();
    std::vector<std::string> L = closeAndRead();
    EXPECT_EQ(L.size(), 1u);
    return L.empty() ? std::string() : L[0];
  }

  std::string Dir;
  TraceWriter W{};
};

TEST(JsonCheckerSelfTest, AcceptsAndRejects) {
  EXPECT_TRUE(isJsonObjectLine(R"({"a":[1,-2,{"b":"c\u0001"}],"d":true})"));
  EXPECT_FALSE(isJsonObjectLine(R"({"a":1)"));
  EXPECT_FALSE(isJsonObjectLine(R"({"a":1}x)"));
  EXPECT_FALSE(isJsonObjectLine("{\"a\":\"\x01\"}"));
  EXPECT_FALSE(isJsonObjectLine(R"({"a":"\x"})"));
}

// ---------------------------------------------------------------- records

TEST_F(TraceWriterTest, Header) {
  const char *Argv[] = {"program", "--flag", nullptr};
  std::string L = only([&] {
    W.writeHeader(TraceHeader{4242, 4240, "/abs/path/to/program", Argv, 3,
                              1764480000000ull, "trace_dir=/tmp/lg:exitcode=66"});
  });
  EXPECT_EQ(L, R"({"t":"header","format":"lockgraph-trace","version":2,"pid":4242,)"
               R"("ppid":4240,"exe":"/abs/path/to/program","argv":["program","--flag",""],)"
               R"("start_unix_ms":1764480000000,"options":"trace_dir=/tmp/lg:exitcode=66"})");
}

TEST_F(TraceWriterTest, HeaderTruncatesArgvAndAcceptsNulls) {
  std::vector<std::string> Args;
  std::vector<const char *> Argv;
  for (int I = 0; I < 100; ++I)
    Args.push_back("a" + std::to_string(I));
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  std::string L = only([&] {
    W.writeHeader(TraceHeader{1, 0, nullptr, Argv.data(), 100, 0, nullptr});
  });
  EXPECT_NE(L.find(R"("exe":"","argv":["a0","a1",)"), std::string::npos) << L;
  EXPECT_NE(L.find(R"("a63"],"start_unix_ms":0,"options":""})"), std::string::npos) << L;
  EXPECT_EQ(L.find("a64"), std::string::npos);
}

TEST_F(TraceWriterTest, Module) {
  const uint8_t Id[] = {0xc0, 0x47, 0x67, 0x2c, 0x00, 0x0f};
  std::string L = only([&] {
    W.writeModule("/usr/lib/x86_64-linux-gnu/libc.so.6", 0x7f3a5c000000,
                  0x7f3a5c028000, 0x7f3a5c1bd000, Id, sizeof(Id));
  });
  EXPECT_EQ(L, R"({"t":"module","path":"/usr/lib/x86_64-linux-gnu/libc.so.6",)"
               R"("base":"0x7f3a5c000000","begin":"0x7f3a5c028000","end":"0x7f3a5c1bd000",)"
               R"("build_id":"c047672c000f"})");
  EXPECT_EQ(only([&] { W.writeModule("/x", 0, 0x1000, 0x2000, nullptr, 0); }),
            R"({"t":"module","path":"/x","base":"0x0","begin":"0x1000","end":"0x2000",)"
            R"("build_id":""})");
}

TEST_F(TraceWriterTest, Thread) {
  EXPECT_EQ(only([&] { W.writeThread(3, 0, "worker-2", 17); }),
            R"({"t":"thread","id":3,"parent":0,"name":"worker-2","stack":17})");
  EXPECT_EQ(only([&] { W.writeThread(0, 0, nullptr, 0); }),
            R"({"t":"thread","id":0,"parent":0,"name":"","stack":0})");
}

TEST_F(TraceWriterTest, Stack) {
  const uintptr_t F[] = {0x55d0c2a01234, 0x55d0c2a01456, 0x7f3a5c029d90};
  EXPECT_EQ(only([&] { W.writeStack(17, F, 3); }),
            R"({"t":"stack","id":17,"frames":["0x55d0c2a01234","0x55d0c2a01456",)"
            R"("0x7f3a5c029d90"]})");
  EXPECT_EQ(only([&] { W.writeStack(1, nullptr, 0); }),
            R"({"t":"stack","id":1,"frames":[]})");
  const uintptr_t Max[] = {UINTPTR_MAX};
  EXPECT_EQ(only([&] { W.writeStack(2, Max, 1); }),
            R"({"t":"stack","id":2,"frames":["0xffffffffffffffff"]})");
}

TEST_F(TraceWriterTest, Lock) {
  EXPECT_EQ(only([&] { W.writeLock(5, 0x55d0c2c04040, "mutex", 0, 17); }),
            R"({"t":"lock","id":5,"addr":"0x55d0c2c04040","kind":"mutex",)"
            R"("generation":0,"stack":17})");
}

TEST_F(TraceWriterTest, Edge) {
  const uint32_t Held[] = {5};
  EXPECT_EQ(only([&] { W.writeEdge(5, 6, 1, 17, 18, Held, 1); }),
            R"({"t":"edge","from":5,"to":6,"thread":1,"stack_from":17,"stack_to":18,)"
            R"("held":[5]})");
  const uint32_t Two[] = {9, 5};
  EXPECT_EQ(only([&] { W.writeEdge(5, 6, 1, 17, 18, Two, 2); }),
            R"({"t":"edge","from":5,"to":6,"thread":1,"stack_from":17,"stack_to":18,)"
            R"("held":[9,5]})");
}

TEST_F(TraceWriterTest, LockStatsAndEnd) {
  LockStat S{};
  S.Acquisitions = 9000;
  S.SharedAcquisitions = 7;
  S.OwnerChanges = 800;
  S.LastOwner = 3; // not written: bookkeeping
  S.Contended = 1200;
  S.WaitNs = 53000000;
  S.MaxWaitNs = 900000;
  S.HoldSamples = 280;
  S.HoldNs = 5600000;
  S.MaxHoldNs = 210000;
  EXPECT_EQ(only([&] { W.writeLockStats(5, S); }),
            R"({"t":"lock_stats","lock":5,"acquisitions":9000,"shared":7,"owner_changes":800,)"
            R"("contended":1200,"wait_ns":53000000,"max_wait_ns":900000,"hold_samples":280,)"
            R"("hold_ns":5600000,"max_hold_ns":210000})");
  SiteStat Site{uint64_t(5) << 32 | 17, 40, 2000000, 300000};
  EXPECT_EQ(only([&] { W.writeLockSite("holder", Site); }),
            R"({"t":"lock_site","lock":5,"role":"holder","stack":17,"count":40,)"
            R"("wait_ns":2000000,"max_wait_ns":300000})");
  EXPECT_EQ(only([&] { W.writeEnd(TraceEnd{"exit", 66, true, 0, 812, 40, 1, 4000000000}); }),
            R"({"t":"end","reason":"exit","status":66,"program_status":0,"locks":812,)"
            R"("edges":40,"findings":1,"thread_ns":4000000000})");
  EXPECT_EQ(only([&] { W.writeEnd(TraceEnd{"deadlock", 66, false, 0, 2, 2, 1, 0}); }),
            R"({"t":"end","reason":"deadlock","status":66,"locks":2,"edges":2,)"
            R"("findings":1})");
  EXPECT_EQ(only([&] { W.writeEnd(TraceEnd{"exit", -1, true, -2, 0, 0, 0, 0}); }),
            R"({"t":"end","reason":"exit","status":-1,"program_status":-2,"locks":0,)"
            R"("edges":0,"findings":0})");
}

TEST_F(TraceWriterTest, FindingDoubleLockAndBadUnlock) {
  EXPECT_EQ(only([&] { W.writeDoubleLock("m requested again", 2, 5, 20, 17); }),
            R"({"t":"finding","rule":"double-lock","message":"m requested again",)"
            R"("thread":2,"lock":5,"stack":20,"first_stack":17})");
  EXPECT_EQ(only([&] { W.writeBadUnlock("not held", 1, 0, 0xdead0, 3); }),
            R"({"t":"finding","rule":"bad-unlock","message":"not held","thread":1,)"
            R"("lock":0,"addr":"0xdead0","stack":3})");
}

TEST_F(TraceWriterTest, FindingLockOrderInversion) {
  std::string L = only([&] {
    W.beginLockOrderInversion("cycle of 2", 1, 2);
    W.addCycleEdge(5, 6, 1, 17, 18);
    W.addCycleEdge(6, 5, 2, 19, 20);
    W.endFinding();
  });
  EXPECT_EQ(L, R"({"t":"finding","rule":"lock-order-inversion","message":"cycle of 2",)"
               R"("thread":1,"length":2,"cycle":[{"from":5,"to":6,"thread":1,)"
               R"("stack_from":17,"stack_to":18},{"from":6,"to":5,"thread":2,)"
               R"("stack_from":19,"stack_to":20}]})");
}

TEST_F(TraceWriterTest, FindingCycleKeepsFirst64Edges) {
  std::string L = only([&] {
    W.beginLockOrderInversion("long", 0, 100);
    for (uint32_t I = 1; I <= 100; ++I)
      W.addCycleEdge(I, I % 100 + 1, 0, 0, 0);
    W.endFinding();
  });
  EXPECT_NE(L.find(R"("length":100)"), std::string::npos);
  size_t Edges = 0;
  for (size_t P = 0; (P = L.find("\"from\":", P)) != std::string::npos; ++P)
    ++Edges;
  EXPECT_EQ(Edges, 64u);
  EXPECT_NE(L.find(R"({"from":64,"to":65,)"), std::string::npos);
  EXPECT_EQ(L.find(R"({"from":65,)"), std::string::npos);
}

TEST_F(TraceWriterTest, FindingDeadlock) {
  std::string L = only([&] {
    W.beginDeadlock("2 threads", 0, false);
    W.addDeadlockThread(1, 5, 6, 2, 30, 17);
    W.addDeadlockThread(2, 6, 5, 1, 31, 18);
    W.endFinding();
  });
  EXPECT_EQ(L, R"({"t":"finding","rule":"deadlock","message":"2 threads","thread":0,)"
               R"("orphan":false,"threads":[{"thread":1,"holds":5,"waits_for":6,"owner":2,)"
               R"("wait_stack":30,"hold_stack":17},{"thread":2,"holds":6,"waits_for":5,)"
               R"("owner":1,"wait_stack":31,"hold_stack":18}]})");
  EXPECT_EQ(only([&] {
              W.beginDeadlock("orphan", 0, true);
              W.addDeadlockThread(1, 0, 6, 2, 30, 0);
              W.endFinding();
            }),
            R"({"t":"finding","rule":"deadlock","message":"orphan","thread":0,)"
            R"("orphan":true,"threads":[{"thread":1,"holds":0,"waits_for":6,"owner":2,)"
            R"("wait_stack":30,"hold_stack":0}]})");
}

TEST_F(TraceWriterTest, FindingLockLeak) {
  EXPECT_EQ(only([&] {
              W.beginLockLeak("exits holding 2", 3, "thread-exit", 40);
              W.addLeakedLock(5, 17);
              W.addLeakedLock(6, 18);
              W.endFinding();
            }),
            R"({"t":"finding","rule":"lock-leak","message":"exits holding 2","thread":3,)"
            R"("reason":"thread-exit","stack":40,"locks":[{"lock":5,"stack":17},)"
            R"({"lock":6,"stack":18}]})");
  // Adders of another rule's array are ignored; an empty array stays valid.
  EXPECT_EQ(only([&] {
              W.beginLockLeak("m", 0, "destroyed-while-held", 0);
              W.addCycleEdge(1, 2, 3, 4, 5);
              W.addDeadlockThread(1, 2, 3, 4, 5, 6);
              W.endFinding();
            }),
            R"({"t":"finding","rule":"lock-leak","message":"m","thread":0,)"
            R"("reason":"destroyed-while-held","stack":0,"locks":[]})");
}

TEST_F(TraceWriterTest, OtherRecordsIgnoredInsideAFinding) {
  std::string L = only([&] {
    W.beginLockLeak("m", 0, "thread-exit", 0);
    W.writeThread(1, 0, "x", 0); // misuse: must not corrupt the open line
    W.addLeakedLock(5, 1);
    W.endFinding();
  });
  EXPECT_EQ(L, R"({"t":"finding","rule":"lock-leak","message":"m","thread":0,)"
               R"("reason":"thread-exit","stack":0,"locks":[{"lock":5,"stack":1}]})");
}

TEST_F(TraceWriterTest, CloseEndsAnOpenFinding) {
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 42));
  W.beginDeadlock("m", 0, false);
  W.addDeadlockThread(1, 2, 3, 4, 5, 6);
  std::vector<std::string> L = closeAndRead();
  ASSERT_EQ(L.size(), 1u);
}

TEST_F(TraceWriterTest, ClosedWriterWritesNothing) {
  TraceWriter Closed{};
  Closed.writeThread(1, 0, "x", 0);
  Closed.beginDeadlock("m", 0, false);
  Closed.endFinding();
  EXPECT_FALSE(Closed.flush());
  EXPECT_EQ(Closed.buffered(), 0u);
  Closed.close();
}

// ---------------------------------------------------------------- escaping

std::string escapedName(TraceWriterTest &T, const std::string &Name) {
  std::string L = T.only([&] { T.W.writeThread(1, 0, Name.c_str(), 0); });
  const std::string Pre = R"({"t":"thread","id":1,"parent":0,"name":)";
  const std::string Post = R"(,"stack":0})";
  EXPECT_EQ(L.compare(0, Pre.size(), Pre), 0) << L;
  EXPECT_GE(L.size(), Pre.size() + Post.size());
  return L.substr(Pre.size(), L.size() - Pre.size() - Post.size());
}

TEST_F(TraceWriterTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(escapedName(*this, "a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(escapedName(*this, "\n\t\r\x01\x1f"), R"("\u000a\u0009\u000d\u0001\u001f")");
  EXPECT_EQ(escapedName(*this, "del\x7f/ok"), "\"del\x7f/ok\"");
  EXPECT_EQ(escapedName(*this, ""), R"("")");
}

TEST_F(TraceWriterTest, PassesValidUtf8) {
  const std::string S = "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbf \xf4\x8f\xbf\xbf";
  EXPECT_EQ(escapedName(*this, S), "\"" + S + "\"");
}

TEST_F(TraceWriterTest, ReplacesInvalidUtf8PerByte) {
  // Lone continuation byte; 0xff.
  EXPECT_EQ(escapedName(*this, "a\x80z\xff"), R"("a\ufffdz\ufffd")");
  // Overlong '/' (C0 AF) and overlong 3-byte form (E0 80 AF): each byte replaced.
  EXPECT_EQ(escapedName(*this, "\xc0\xaf"), R"("\ufffd\ufffd")");
  EXPECT_EQ(escapedName(*this, "\xe0\x80\xaf"), R"("\ufffd\ufffd\ufffd")");
  // UTF-16 surrogate D800 (ED A0 80) and a code point past U+10FFFF (F4 90 80 80).
  EXPECT_EQ(escapedName(*this, "\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");
  EXPECT_EQ(escapedName(*this, "\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");
  // A sequence cut short by the end of the string, and by an ASCII byte.
  EXPECT_EQ(escapedName(*this, "x\xe2\x82"), R"("x\ufffd\ufffd")");
  EXPECT_EQ(escapedName(*this, "\xe2" "a\xc3\xa9"), "\"\\ufffda\xc3\xa9\"");
}

TEST_F(TraceWriterTest, EscapesPathsInModules) {
  std::string L = only([&] { W.writeModule("/tmp/we\"ird\n\xfe.so", 1, 2, 3, nullptr, 0); });
  EXPECT_NE(L.find(R"("path":"/tmp/we\"ird\u000a\ufffd.so")"), std::string::npos) << L;
}

// ---------------------------------------------------------------- buffering

TEST_F(TraceWriterTest, BuffersUntilFlush) {
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 42));
  EXPECT_EQ(W.path(), pathFor(42));
  W.writeThread(0, 0, "main", 0);
  W.writeLock(1, 0x1000, "mutex", 0, 0);
  EXPECT_GT(W.buffered(), 0u);
  EXPECT_EQ(readFile(pathFor(42)), "");
  EXPECT_TRUE(W.flush());
  EXPECT_EQ(W.buffered(), 0u);
  EXPECT_EQ(lines(readFile(pathFor(42))).size(), 2u);
  EXPECT_TRUE(W.flush()); // nothing to write is fine
  W.writeLockSite("waiter", SiteStat{uint64_t(1) << 32 | 2, 3, 4, 5});
  std::vector<std::string> L = closeAndRead();
  ASSERT_EQ(L.size(), 3u);
  EXPECT_EQ(L[2], R"({"t":"lock_site","lock":1,"role":"waiter","stack":2,"count":3,)"
                  R"("wait_ns":4,"max_wait_ns":5})");
}

TEST_F(TraceWriterTest, AutoFlushesPast64KiBWithWholeLines) {
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 42));
  const uintptr_t F[] = {0x55d0c2a01234, 0x55d0c2a01456, 0x7f3a5c029d90};
  size_t Written = 0;
  uint32_t Id = 1;
  while (readFile(pathFor(42)).empty()) {
    ASSERT_LE(W.buffered(), TraceWriter::kAutoFlushBytes);
    W.writeStack(Id++, F, 3);
    Written = Id - 1;
    ASSERT_LT(Written, 10000u) << "no auto-flush";
  }
  EXPECT_EQ(W.buffered(), 0u); // everything up to the record that crossed it
  std::string OnDisk = readFile(pathFor(42));
  EXPECT_GT(OnDisk.size(), TraceWriter::kAutoFlushBytes);
  EXPECT_EQ(OnDisk.back(), '\n');
  EXPECT_EQ(lines(OnDisk).size(), Written);
  // Keep going well past several flushes; the file ends up with every record once.
  for (int I = 0; I < 5000; ++I)
    W.writeStack(Id++, F, 3);
  std::vector<std::string> L = closeAndRead();
  ASSERT_EQ(L.size(), Id - 1);
  for (uint32_t I = 0; I < L.size(); ++I)
    ASSERT_EQ(L[I].find("{\"t\":\"stack\",\"id\":" + std::to_string(I + 1) + ","), 0u);
}

TEST_F(TraceWriterTest, RecordLargerThanTheBufferStaysOneLine) {
  std::vector<uint32_t> Held(100000);
  for (uint32_t I = 0; I < Held.size(); ++I)
    Held[I] = I + 1;
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 42));
  W.writeThread(0, 0, "main", 0);
  W.writeEdge(1, 2, 0, 0, 0, Held.data(), static_cast<uint32_t>(Held.size()));
  W.writeThread(1, 0, "after", 0);
  std::vector<std::string> L = closeAndRead();
  ASSERT_EQ(L.size(), 3u);
  EXPECT_GT(L[1].size(), 500000u);
  EXPECT_NE(L[1].find(",99999,100000]}"), std::string::npos);
}

TEST_F(TraceWriterTest, FlushInsideAFindingWritesOnlyWholeLines) {
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 42));
  W.writeThread(0, 0, "main", 0);
  W.beginLockLeak("m", 0, "thread-exit", 0);
  W.addLeakedLock(1, 0);
  EXPECT_TRUE(W.flush());
  EXPECT_EQ(lines(readFile(pathFor(42))).size(), 1u);
  W.addLeakedLock(2, 0);
  W.endFinding();
  std::vector<std::string> L = closeAndRead();
  ASSERT_EQ(L.size(), 2u);
  EXPECT_NE(L[1].find(R"("locks":[{"lock":1,"stack":0},{"lock":2,"stack":0}])"),
            std::string::npos);
}

TEST_F(TraceWriterTest, WithoutMemoryWritesSynchronouslyInsteadOfDropping) {
  // In a child whose address space is capped so that no mmap succeeds: W has its
  // buffer already and cannot grow it; Fresh never gets one (built-in fallback).
  std::vector<uint32_t> Held(200000);
  for (uint32_t I = 0; I < Held.size(); ++I)
    Held[I] = I + 1;
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 1));
  W.writeThread(0, 0, "before", 0);
  ASSERT_TRUE(W.flush()); // the buffer stays allocated, empty
  pid_t Child = fork();
  ASSERT_GE(Child, 0);
  if (Child == 0) {
    TraceWriter Fresh{};
    bool Opened = Fresh.open(Dir.c_str(), "prog", 2);
    rlimit Lim{0, 0};
    getrlimit(RLIMIT_AS, &Lim);
    Lim.rlim_cur = 0; // every new mapping fails from now on
    setrlimit(RLIMIT_AS, &Lim);
    bool MmapFails = mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED;
    for (TraceWriter *T : {&W, &Fresh}) {
      T->writeEdge(1, 2, 0, 0, 0, Held.data(), static_cast<uint32_t>(Held.size()));
      T->writeThread(1, 0, "after", 0);
      T->close();
    }
    _exit(Opened && MmapFails ? 0 : 1);
  }
  int Status = 0;
  ASSERT_EQ(waitpid(Child, &Status, 0), Child);
  ASSERT_TRUE(WIFEXITED(Status));
  ASSERT_EQ(WEXITSTATUS(Status), 0);
  for (int Pid : {1, 2}) {
    std::vector<std::string> L = lines(readFile(pathFor(Pid)));
    ASSERT_EQ(L.size(), Pid == 1 ? 3u : 2u) << Pid;
    const std::string &Edge = L[L.size() - 2];
    EXPECT_TRUE(isJsonObjectLine(Edge));
    EXPECT_NE(Edge.find("[1,2,3,"), std::string::npos);
    EXPECT_NE(Edge.find(",199999,200000]}"), std::string::npos);
    EXPECT_EQ(L.back(), R"({"t":"thread","id":1,"parent":0,"name":"after","stack":0})");
  }
}

// ---------------------------------------------------------------- files

TEST_F(TraceWriterTest, CreatesAMissingDirectoryOneLevel) {
  std::string Sub = Dir + "/out";
  ASSERT_TRUE(W.open(Sub.c_str(), "prog", 7));
  W.writeThread(0, 0, "", 0);
  W.close();
  EXPECT_EQ(lines(readFile(Sub + "/lockgraph.prog.7.trace")).size(), 1u);
  struct stat St;
  ASSERT_EQ(stat((Sub + "/lockgraph.prog.7.trace").c_str(), &St), 0);
  EXPECT_EQ(St.st_mode & 0777 & ~0644u, 0u);
}

TEST_F(TraceWriterTest, OpenFailures) {
  // Two missing levels: only one is created.
  EXPECT_FALSE(W.open((Dir + "/a/b").c_str(), "prog", 1));
  EXPECT_FALSE(W.isOpen());
  // The directory is a regular file.
  std::string File = Dir + "/file";
  std::ofstream(File) << "x";
  EXPECT_FALSE(W.open(File.c_str(), "prog", 1));
  // A failed writer ignores records.
  W.writeThread(0, 0, "", 0);
  EXPECT_EQ(W.buffered(), 0u);
}

TEST_F(TraceWriterTest, OpenKeepsAnEarlierImagesFileAndSanitizesTheExeName) {
  // An exec'd image has the same pid (and here the same name) as the one before.
  {
    std::ofstream(pathFor(5)) << "old content\n";
  }
  ASSERT_TRUE(W.open(Dir.c_str(), "/usr/bin/prog", 5));
  EXPECT_EQ(W.path(), Dir + "/lockgraph.prog.5.2.trace");
  W.close();
  EXPECT_EQ(readFile(pathFor(5)), "old content\n");
  ASSERT_TRUE(W.open(Dir.c_str(), "/usr/bin/prog", 5));
  EXPECT_EQ(W.path(), Dir + "/lockgraph.prog.5.3.trace");
  W.close();
  ASSERT_TRUE(W.open(Dir.c_str(), "prog/", 5));
  EXPECT_EQ(W.path(), pathFor(5, "prog_"));
}

TEST_F(TraceWriterTest, ReopenAfterForkGivesTheChildItsOwnFile) {
  const int Parent = getpid();
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", Parent));
  const char *Argv[] = {"prog", "x y"};
  W.writeHeader(TraceHeader{Parent, 1, "/bin/prog", Argv, 2, 1000, "trace_dir=d"});
  W.writeThread(0, 0, "flushed", 0);
  ASSERT_TRUE(W.flush());
  W.writeThread(1, 0, "buffered-in-parent", 0); // in the buffer the child inherits
  ASSERT_GT(W.buffered(), 0u);

  pid_t Child = fork();
  ASSERT_GE(Child, 0);
  if (Child == 0) {
    bool Ok = W.reopenAfterFork(getpid());
    W.writeThread(2, 0, "child", 0);
    W.close();
    _exit(Ok ? 0 : 1);
  }
  int Status = 0;
  ASSERT_EQ(waitpid(Child, &Status, 0), Child);
  ASSERT_TRUE(WIFEXITED(Status));
  ASSERT_EQ(WEXITSTATUS(Status), 0);
  W.writeThread(3, 0, "parent-after-fork", 0);
  W.close();

  std::vector<std::string> P = lines(readFile(pathFor(Parent)));
  ASSERT_EQ(P.size(), 4u);
  EXPECT_EQ(P[0].find(R"({"t":"header",)"), 0u);
  EXPECT_NE(P[1].find("\"flushed\""), std::string::npos);
  EXPECT_NE(P[2].find("\"buffered-in-parent\""), std::string::npos);
  EXPECT_NE(P[3].find("\"parent-after-fork\""), std::string::npos);

  std::vector<std::string> C = lines(readFile(pathFor(Child)));
  ASSERT_EQ(C.size(), 2u);
  for (const std::string &L : C)
    EXPECT_TRUE(isJsonObjectLine(L)) << L;
  std::string Expected = R"({"t":"header","format":"lockgraph-trace","version":2,"pid":)" +
                         std::to_string(Child) + R"(,"ppid":)" + std::to_string(Parent) +
                         R"(,"exe":"/bin/prog","argv":["prog","x y"],"start_unix_ms":)";
  EXPECT_EQ(C[0].compare(0, Expected.size(), Expected), 0) << C[0];
  EXPECT_NE(C[0].find(R"(,"options":"trace_dir=d"})"), std::string::npos) << C[0];
  EXPECT_EQ(C[1], R"({"t":"thread","id":2,"parent":0,"name":"child","stack":0})");
}

TEST_F(TraceWriterTest, ReopenWithoutOpenFails) {
  TraceWriter Never{};
  EXPECT_FALSE(Never.reopenAfterFork(123));
  EXPECT_FALSE(Never.isOpen());
}

// ---------------------------------------------------------------- modules

TEST_F(TraceWriterTest, WritesEachModuleOnce) {
  ASSERT_TRUE(W.open(Dir.c_str(), "prog", 42));
  size_t First = W.writeModules();
  EXPECT_GE(First, 2u); // the test program and libc at least
  EXPECT_EQ(W.writeModules(), 0u);

  // An object loaded later is the only one written by the next call.
  const char *Candidates[] = {"libanl.so.1", "libutil.so.1", "libresolv.so.2",
                              "libnss_dns.so.2"};
  void *Handle = nullptr;
  const char *Loaded = nullptr;
  for (const char *Name : Candidates) {
    if (dlopen(Name, RTLD_NOW | RTLD_NOLOAD))
      continue; // already there
    if ((Handle = dlopen(Name, RTLD_NOW))) {
      Loaded = Name;
      break;
    }
  }
  size_t Later = W.writeModules();
  std::vector<std::string> L = closeAndRead();
  ASSERT_EQ(L.size(), First + Later);

  char Exe[4096];
  ASSERT_GT(TraceWriter::readSelfExe(Exe, sizeof(Exe)), 0u);
  EXPECT_EQ(L[0].find(std::string(R"({"t":"module","path":")") + Exe + "\""), 0u) << L[0];
  bool SawLibcWithBuildId = false;
  for (size_t I = 0; I < First; ++I) {
    if (L[I].find("/libc.so.6\"") == std::string::npos)
      continue;
    size_t P = L[I].find(R"("build_id":")");
    ASSERT_NE(P, std::string::npos);
    std::string Id = L[I].substr(P + 12, L[I].size() - P - 12 - 2);
    EXPECT_EQ(Id.size(), 40u) << L[I]; // SHA-1 build ids on Debian/Ubuntu
    EXPECT_EQ(Id.find_first_not_of("0123456789abcdef"), std::string::npos);
    SawLibcWithBuildId = true;
  }
  EXPECT_TRUE(SawLibcWithBuildId);
  for (const std::string &Line : L) {
    EXPECT_EQ(Line.find(R"("path":"")"), std::string::npos) << Line;
    // begin <= end and base <= begin for every object.
    auto Addr = [&](const char *Key) {
      size_t P = Line.find(std::string("\"") + Key + "\":\"0x");
      EXPECT_NE(P, std::string::npos);
      return std::stoull(Line.substr(P + strlen(Key) + 6), nullptr, 16);
    };
    EXPECT_LE(Addr("base"), Addr("begin")) << Line;
    EXPECT_LT(Addr("begin"), Addr("end")) << Line;
  }
  if (Loaded) {
    EXPECT_EQ(Later, 1u);
    EXPECT_NE(L.back().find(Loaded), std::string::npos) << L.back();
    dlclose(Handle);
  } else {
    EXPECT_EQ(Later, 0u);
  }
}

} // namespace
