// Unit tests for the runtime's suppressions file: syntax, errors with line numbers,
// the rule wildcard, glob matching, and a missing file.
#include <gtest/gtest.h>

#include <fnmatch.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "core/Suppressions.h"

using namespace lockgraph::rt;

namespace {

void collect(const char *Message, void *Ctx) {
  static_cast<std::vector<std::string> *>(Ctx)->push_back(Message);
}

struct SuppressionsTest : ::testing::Test {
  void SetUp() override {
    char Tmpl[] = "/tmp/lg-supp-test-XXXXXX";
    ASSERT_NE(mkdtemp(Tmpl), nullptr);
    Dir = Tmpl;
  }
  void TearDown() override {
    std::string Cmd = "rm -rf '" + Dir + "'";
    (void)!system(Cmd.c_str());
  }
  std::string write(const std::string &Text, const char *Name = "supp.txt") {
    std::string Path = Dir + "/" + Name;
    std::ofstream(Path, std::ios::binary) << Text;
    return Path;
  }
  bool load(const std::string &Text) {
    Path = write(Text);
    return S.load(Path.c_str(), collect, &Errors);
  }

  std::string Dir, Path;
  Suppressions S{};
  std::vector<std::string> Errors;
};

TEST(GlobMatch, StarsAndQuestionMarks) {
  EXPECT_TRUE(Suppressions::globMatch("abc", "abc"));
  EXPECT_FALSE(Suppressions::globMatch("abc", "abcd"));
  EXPECT_FALSE(Suppressions::globMatch("abcd", "abc"));
  EXPECT_TRUE(Suppressions::globMatch("*", ""));
  EXPECT_TRUE(Suppressions::globMatch("*", "anything/at all"));
  EXPECT_FALSE(Suppressions::globMatch("?", ""));
  EXPECT_TRUE(Suppressions::globMatch("a?c", "abc"));
  EXPECT_FALSE(Suppressions::globMatch("a?c", "ac"));
  EXPECT_TRUE(Suppressions::globMatch("*Pool*", "MyLegacyPool::get"));
  EXPECT_TRUE(Suppressions::globMatch("*/libfoo.so*", "/usr/lib/libfoo.so.1.2"));
  EXPECT_FALSE(Suppressions::globMatch("*/libfoo.so*", "/usr/lib/libbar.so"));
  EXPECT_TRUE(Suppressions::globMatch("a*b*c", "a__b__b__c"));
  EXPECT_FALSE(Suppressions::globMatch("a*b*c", "a__b__b__d"));
  EXPECT_TRUE(Suppressions::globMatch("**x**", "x"));
  EXPECT_TRUE(Suppressions::globMatch("*?", "z"));
  EXPECT_FALSE(Suppressions::globMatch("*?", ""));
  EXPECT_TRUE(Suppressions::globMatch("ns::f*", "ns::foo(int)"));
  // Backtracking past a partial match.
  EXPECT_TRUE(Suppressions::globMatch("*aab", "aaaab"));
  // Bracket expressions and escapes, as fnmatch(3) without flags.
  EXPECT_TRUE(Suppressions::globMatch("f[aeiou]o", "foo"));
  EXPECT_FALSE(Suppressions::globMatch("f[aeiu]o", "foo"));
  EXPECT_TRUE(Suppressions::globMatch("v[0-9]", "v7"));
  EXPECT_FALSE(Suppressions::globMatch("v[!0-9]", "v7"));
  EXPECT_TRUE(Suppressions::globMatch("v[^0-9]", "vx"));
  EXPECT_TRUE(Suppressions::globMatch("[]]", "]"));
  EXPECT_TRUE(Suppressions::globMatch("[!]]", "x"));
  EXPECT_TRUE(Suppressions::globMatch("a[", "a["));   // unclosed: literal
  EXPECT_TRUE(Suppressions::globMatch("\\*x", "*x"));
  EXPECT_FALSE(Suppressions::globMatch("\\*x", "ax"));
  EXPECT_TRUE(Suppressions::globMatch("operator\\[\\]*", "operator[](int)"));
  // Pathological pattern finishes quickly (no exponential recursion).
  std::string Long(5000, 'a');
  EXPECT_FALSE(Suppressions::globMatch("*a*a*a*a*a*a*a*b", Long.c_str()));
}

TEST(GlobMatch, AgreesWithFnmatch) {
  // The report side matches with fnmatch(3); the runtime must say the same.
  const char *Patterns[] = {"*", "a*", "*b", "a?c", "[ab]*", "[!ab]?", "*[0-9]",
                            "\\?", "x[", "[a-c-]", "*.so*", "**/lib*.so", "?*?",
                            "[]a]b", "[!]]*", "a\\", "a\\b"};
  const char *Texts[] = {"",      "a",     "ab",   "abc",        "b1",  "c",
                         "?",     "x[",    "-",    "/lib/libc.so.6",    "]b",
                         "ab\\", "a\\", "ab",   "/x/libfoo.so", "zz9"};
  for (const char *P : Patterns)
    for (const char *T : Texts)
      EXPECT_EQ(Suppressions::globMatch(P, T), fnmatch(P, T, 0) == 0)
          << "pattern '" << P << "' text '" << T << "'";
}

TEST_F(SuppressionsTest, ParsesRulesCommentsAndBlankLines) {
  ASSERT_TRUE(load("# comment\n"
                   "\n"
                   "   \t\n"
                   "double-lock:*MyLegacyPool*\n"
                   "  bad-unlock :  legacy_unlock  \n"
                   "   # indented comment\n"
                   "*:*/libthirdparty.so*\n"
                   "lock-order-inversion:ns::Cache::*"));
  EXPECT_TRUE(Errors.empty());
  EXPECT_EQ(S.size(), 4u);

  EXPECT_TRUE(S.matches("double-lock", "MyLegacyPool::acquire"));
  EXPECT_FALSE(S.matches("bad-unlock", "MyLegacyPool::acquire"));
  EXPECT_TRUE(S.matches("bad-unlock", "legacy_unlock"));
  EXPECT_FALSE(S.matches("bad-unlock", " legacy_unlock"));
  EXPECT_TRUE(S.matches("deadlock", "/opt/x/libthirdparty.so.3"));
  EXPECT_TRUE(S.matches("lock-leak", "/opt/x/libthirdparty.so"));
  EXPECT_TRUE(S.matches("lock-order-inversion", "ns::Cache::get"));
  EXPECT_FALSE(S.matches("lock-order-inversion", "ns::Other::get"));
  EXPECT_FALSE(S.matches("deadlock", "main"));
  EXPECT_FALSE(S.matches(nullptr, "main"));
  EXPECT_FALSE(S.matches("deadlock", nullptr));
}

TEST_F(SuppressionsTest, ReportsMalformedLinesWithLineNumbersAndSkipsThem) {
  ASSERT_TRUE(load("double-lock:ok_one\n"  // 1
                   "no colon here\n"       // 2
                   ":*foo*\n"              // 3
                   "bad-unlock:   \n"      // 4
                   "Double_Lock:x\n"       // 5
                   "# fine\n"              // 6
                   "deadlock:ok_two\n"));  // 7
  ASSERT_EQ(Errors.size(), 4u);
  EXPECT_EQ(Errors[0], "suppressions " + Path +
                           ":2: expected '<rule-id>:<glob>': 'no colon here'");
  EXPECT_EQ(Errors[1], "suppressions " + Path + ":3: empty rule id: ':*foo*'");
  EXPECT_EQ(Errors[2], "suppressions " + Path + ":4: empty pattern: 'bad-unlock:'");
  EXPECT_EQ(Errors[3].rfind("suppressions " + Path + ":5: rule id must be", 0), 0u)
      << Errors[3];
  EXPECT_EQ(S.size(), 2u);
  EXPECT_TRUE(S.matches("double-lock", "ok_one"));
  EXPECT_TRUE(S.matches("deadlock", "ok_two"));
}

TEST_F(SuppressionsTest, RuleFieldIsAGlob) {
  ASSERT_TRUE(load("*:everything\n"
                   "dead*:x\n"
                   "lock-[ol]*:y\n"
                   "double lock:z\n"));
  ASSERT_EQ(Errors.size(), 1u);
  EXPECT_NE(Errors[0].find(":4: rule id must be"), std::string::npos) << Errors[0];
  EXPECT_TRUE(S.matches("deadlock", "everything"));
  EXPECT_TRUE(S.matches("some-future-rule", "everything"));
  EXPECT_TRUE(S.matches("deadlock", "x"));
  EXPECT_FALSE(S.matches("double-lock", "x"));
  EXPECT_TRUE(S.matches("lock-order-inversion", "y"));
  EXPECT_TRUE(S.matches("lock-leak", "y"));
  EXPECT_FALSE(S.matches("bad-unlock", "y"));
}

TEST_F(SuppressionsTest, AcceptsThePrintedPrefixCrlfAndColonsInGlobs) {
  ASSERT_TRUE(load("lockgraph-double-lock:a::b\r\n"
                   "lock-leak:C:\\\\odd:path\r\n")); // the file says C:\\odd
  EXPECT_TRUE(Errors.empty());
  EXPECT_TRUE(S.matches("double-lock", "a::b"));
  EXPECT_FALSE(S.matches("lockgraph-double-lock", "a::b"));
  EXPECT_TRUE(S.matches("lock-leak", "C:\\odd:path"));
}

TEST_F(SuppressionsTest, MissingFileIsOneMessage) {
  std::string Missing = Dir + "/nope.txt";
  EXPECT_FALSE(S.load(Missing.c_str(), collect, &Errors));
  ASSERT_EQ(Errors.size(), 1u);
  EXPECT_EQ(Errors[0], "suppressions " + Missing + ": cannot open: no such file");
  EXPECT_EQ(S.size(), 0u);
  EXPECT_FALSE(S.matches("deadlock", "x"));
  // A null callback is allowed.
  EXPECT_FALSE(S.load(Missing.c_str(), nullptr, nullptr));
}

TEST_F(SuppressionsTest, EmptyFileAndSeveralFiles) {
  ASSERT_TRUE(load(""));
  EXPECT_EQ(S.size(), 0u);
  std::string A = write("deadlock:from_a\n", "a.txt");
  std::string B = write("lock-leak:from_b", "b.txt");
  ASSERT_TRUE(S.load(A.c_str(), collect, &Errors));
  ASSERT_TRUE(S.load(B.c_str(), collect, &Errors));
  EXPECT_TRUE(Errors.empty());
  EXPECT_EQ(S.size(), 2u);
  EXPECT_TRUE(S.matches("deadlock", "from_a"));
  EXPECT_TRUE(S.matches("lock-leak", "from_b"));
}

TEST_F(SuppressionsTest, LargeFile) {
  std::string Text;
  for (int I = 0; I < 20000; ++I)
    Text += "deadlock:fn_" + std::to_string(I) + "\n";
  ASSERT_TRUE(load(Text));
  EXPECT_TRUE(Errors.empty());
  EXPECT_EQ(S.size(), 20000u);
  EXPECT_TRUE(S.matches("deadlock", "fn_19999"));
  EXPECT_FALSE(S.matches("deadlock", "fn_20000"));
}

} // namespace
