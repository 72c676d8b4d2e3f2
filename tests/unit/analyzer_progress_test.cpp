// Progress lines of `lockgraph check`: in place on a terminal, every few seconds in a
// CI log (count, rate, time left), nothing with --quiet.
#include "Progress.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace lockgraph;

namespace {

TEST(ProgressTest, LogLinesSayCountRateAndTimeLeft) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  Progress P(ProgressStyle::Log, 4, OS, std::chrono::seconds(0));
  P.done("a.c");
  P.done("b.c");
  EXPECT_NE(Out.find("lockgraph: 1 of 4 translation units ("), std::string::npos) << Out;
  EXPECT_NE(Out.find("lockgraph: 2 of 4 translation units ("), std::string::npos) << Out;
  EXPECT_NE(Out.find("/s, about "), std::string::npos) << Out;
  EXPECT_NE(Out.find(" left)\n"), std::string::npos) << Out;
  EXPECT_EQ(Out.find('\r'), std::string::npos) << "a log gets whole lines";
  size_t Before = Out.size();
  P.done("c.c");
  P.done("d.c");
  EXPECT_EQ(Out.find("4 of 4"), std::string::npos) << "the summary line says the end";
  EXPECT_GT(Out.size(), Before);
}

TEST(ProgressTest, LogLinesWaitForTheInterval) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  Progress P(ProgressStyle::Log, 100, OS, std::chrono::seconds(3600));
  for (int I = 0; I < 50; ++I)
    P.done("x.c");
  EXPECT_EQ(Out, "");
}

TEST(ProgressTest, TerminalRewritesOneLineAndQuietSaysNothing) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  Progress T(ProgressStyle::Terminal, 2, OS);
  T.done("/src/a.c");
  EXPECT_EQ(Out, "\r[1/2] a.c\x1b[K");
  T.done("/src/b.c");
  EXPECT_EQ(Out.substr(Out.size() - 4), "\r\x1b[K") << "cleared at the end";
  std::string None;
  llvm::raw_string_ostream NS(None);
  Progress Q(ProgressStyle::None, 2, NS, std::chrono::seconds(0));
  Q.done("a.c");
  EXPECT_EQ(None, "");
}

} // namespace
