// Access facts (analyzer/AccessFacts.h): which reads, writes and read-modify-writes of
// shared data the extractor records, and which it leaves out because they cannot race.
#include "AccessFacts.h"
#include "ApiModel.h"
#include "FactsExtractor.h"

#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using namespace lockgraph;

namespace {

// "<kind> <path>" for every access event, per function name, in block-then-event order.
std::map<std::string, std::vector<std::string>> accessesOf(const std::string &Code,
                                                           bool Cxx) {
  ApiModel Api;
  if (llvm::Error E = Api.loadDirectory(LOCKGRAPH_TEST_SOURCE_DIR "/rules/apis"))
    ADD_FAILURE() << llvm::toString(std::move(E));
  std::unique_ptr<clang::ASTUnit> AST = clang::tooling::buildASTFromCodeWithArgs(
      Code, {Cxx ? "-std=c++17" : "-std=c11", "-pthread"}, Cxx ? "input.cc" : "input.c");
  TranslationUnitFacts TU;
  extractFacts(AST->getASTContext(), Api, TU);
  std::map<std::string, std::vector<std::string>> Out;
  for (const FunctionFacts &F : TU.Functions)
    for (const BlockFacts &B : F.Blocks)
      for (const Event &E : B.Events)
        if (E.Kind == EventKind::Access)
          Out[F.Name].push_back((E.Access == AccessKind::Read    ? "read "
                                 : E.Access == AccessKind::Write ? "write "
                                                                 : "rmw ") +
                                E.Location.Path);
  return Out;
}

using Strings = std::vector<std::string>;

TEST(AccessFactsTest, GlobalsAreReadWrittenAndUpdated) {
  auto A = accessesOf(R"(
    long counter, total;
    void f(void) {
      counter++;
      total = total + counter;
      counter = 0;
    }
  )",
                      false);
  // `total = total + counter` is one read-modify-write of total (its read is part of
  // it) and a read of counter.
  EXPECT_EQ(A["f"], (Strings{"rmw @c:@counter", "read @c:@counter", "rmw @c:@total",
                             "write @c:@counter"}));
}

TEST(AccessFactsTest, WhatCannotRaceIsLeftOut) {
  auto A = accessesOf(R"(
    #include <stdatomic.h>
    _Atomic long hits;
    _Thread_local long mine;
    const long limit = 10;
    struct s { const int id; long n; };
    long use(long);
    void f(struct s *p) {
      long local = 0;
      local++;
      hits++;
      mine++;
      use(limit);
      use(p->id);
      p->n++;
    }
  )",
                      false);
  EXPECT_EQ(A["f"], (Strings{"rmw $0.n"}));
}

TEST(AccessFactsTest, ALocalWhoseAddressEscapesIsShared) {
  auto A = accessesOf(R"(
    void publish(long *);
    void f(void) {
      long seen = 0;
      publish(&seen);
      seen++;
    }
  )",
                      false);
  ASSERT_EQ(A["f"].size(), 1u);
  EXPECT_EQ(A["f"][0].substr(0, 4), "rmw ");
}

TEST(AccessFactsTest, ConstructorsAndAtomicsAreLeftOutConstMethodsRead) {
  auto A = accessesOf(R"(
    #include <atomic>
    struct Counter {
      long n = 0;
      std::atomic<long> a{0};
      Counter() { n = 1; }
      ~Counter() { n--; }
      void inc() { n++; a++; }
      long get() const { return n; }
    };
  )",
                      true);
  EXPECT_EQ(A["Counter::inc"], (Strings{"rmw $this.n"}));
  EXPECT_EQ(A["Counter::get"], (Strings{"read $this.n"}));
  EXPECT_EQ(A.count("Counter::Counter"), 0u);
  EXPECT_EQ(A.count("Counter::~Counter"), 0u);
}

TEST(AccessFactsTest, RepeatedAccessBetweenLockEventsIsRecordedOnce) {
  auto A = accessesOf(R"(
    #include <pthread.h>
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    long n;
    long f(void) {
      long x = n + n + n;
      pthread_mutex_lock(&m);
      x += n;
      pthread_mutex_unlock(&m);
      return x;
    }
  )",
                      false);
  EXPECT_EQ(A["f"], (Strings{"read @c:@n", "read @c:@n"}));
}

} // namespace
