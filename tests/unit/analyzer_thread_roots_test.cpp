// Thread roots (analyzer/ThreadRoots.h) and the start-up split of main
// (LinkAnalysis): which threads run a function, how many at once, and which accesses
// run before any thread exists.
#include "LinkAnalysis.h"
#include "ThreadRoots.h"

#include <gtest/gtest.h>

using namespace lockgraph;

namespace {

Event callOf(std::string Usr, EventKind Kind = EventKind::Call) {
  Event E;
  E.Kind = Kind;
  E.At = {0, 5, 3};
  E.Callee = Usr;
  E.CalleeName = Usr;
  return E;
}

Event startOf(std::string Usr, bool Pool = false) {
  Event E = callOf(std::move(Usr), EventKind::ThreadStart);
  E.Value = Pool;
  return E;
}

Event rmwOf(std::string Global) {
  Event E;
  E.Kind = EventKind::Access;
  E.At = {0, 9, 3};
  E.Access = AccessKind::ReadModifyWrite;
  E.Location.Path = "@" + Global;
  return E;
}

// Block 0 holds the events; with Loop, it runs again (0 -> 0) before the exit.
FunctionFacts fn(std::string Name, std::vector<Event> Events, bool Loop = false) {
  FunctionFacts F;
  F.Usr = Name;
  F.Name = Name;
  F.Blocks.resize(2);
  F.Blocks[0].Events = std::move(Events);
  F.Blocks[0].Succs.push_back({});
  F.Blocks[0].Succs.back().Block = 1;
  if (Loop) {
    F.Blocks[0].Succs.push_back({});
    F.Blocks[0].Succs.back().Block = 0;
  }
  F.Blocks[0].ReachesExit = true;
  F.Entry = 0;
  F.Exit = 1;
  return F;
}

Program program(std::vector<FunctionFacts> Fns, std::vector<std::string> AddressTaken = {}) {
  TranslationUnitFacts TU;
  TU.MainFile = "a.c";
  TU.Files = {"a.c"};
  TU.Functions = std::move(Fns);
  TU.AddressTaken = std::move(AddressTaken);
  std::vector<TranslationUnitFacts> TUs;
  TUs.push_back(std::move(TU));
  return Program(std::move(TUs));
}

uint32_t index(const Program &P, llvm::StringRef Usr) {
  return P.function(Usr) - P.functions().data();
}

AccessObservation accessIn(const Program &P, llvm::StringRef Fn, bool BeforeThreads = false) {
  AccessObservation A;
  A.Function = index(P, Fn);
  A.BeforeThreads = BeforeThreads;
  return A;
}

const ThreadRoot *rootNamed(const Program &P, const ThreadRoots &T, llvm::StringRef Fn) {
  for (const ThreadRoot &R : T.roots())
    if (P.functions()[R.Function].Facts->Name == Fn)
      return &R;
  return nullptr;
}

} // namespace

TEST(ThreadRootsTest, OneStartIsOneThreadAndRacesMainAfterIt) {
  Program P = program({fn("main", {startOf("worker"), callOf("helper")}),
                       fn("worker", {callOf("helper")}), fn("helper", {})},
                      {"worker"});
  ThreadRoots T(P, {});
  ASSERT_NE(rootNamed(P, T, "worker"), nullptr);
  EXPECT_FALSE(rootNamed(P, T, "worker")->Many);
  EXPECT_FALSE(T.unknown(index(P, "worker"))); // address taken by its start only
  EXPECT_EQ(T.reaching(index(P, "helper")).size(), 2u);
  AccessObservation InWorker = accessIn(P, "worker"), InMain = accessIn(P, "main");
  EXPECT_TRUE(T.singleThreaded({&InWorker}));
  EXPECT_FALSE(T.knownParallel(InWorker, InWorker));
  EXPECT_TRUE(T.knownParallel(InWorker, InMain));
  AccessObservation MainBefore = accessIn(P, "main", /*BeforeThreads=*/true);
  EXPECT_FALSE(T.knownParallel(InWorker, MainBefore));
  EXPECT_TRUE(T.singleThreaded({&InWorker, &MainBefore}));
}

TEST(ThreadRootsTest, StartsInALoopTwiceOrInAPoolRunOnSeveralThreads) {
  Program P = program(
      {fn("main", {callOf("spawn"), callOf("spawn"), startOf("pool_fn", true), startOf("twice"),
                   startOf("twice"), callOf("starter")}),
       fn("spawn", {startOf("restarted")}), fn("starter", {startOf("looped")}, /*Loop=*/true),
       fn("twice", {startOf("grandchild")}), fn("restarted", {}), fn("looped", {}),
       fn("pool_fn", {}), fn("grandchild", {})});
  ThreadRoots T(P, {});
  for (const char *Name : {"twice", "looped", "pool_fn", "grandchild"}) {
    ASSERT_NE(rootNamed(P, T, Name), nullptr) << Name;
    EXPECT_TRUE(rootNamed(P, T, Name)->Many) << Name;
  }
  // Started by a function called twice: usually a restart after a join, one at a time.
  ASSERT_NE(rootNamed(P, T, "restarted"), nullptr);
  EXPECT_FALSE(rootNamed(P, T, "restarted")->Many);
  AccessObservation A = accessIn(P, "pool_fn");
  EXPECT_TRUE(T.knownParallel(A, A));
  EXPECT_FALSE(T.singleThreaded({&A}));
}

TEST(ThreadRootsTest, CallbacksRunOnUnknownThreads) {
  Program P = program({fn("main", {startOf("worker")}), fn("worker", {}),
                       fn("on_event", {callOf("bump")}), fn("bump", {})},
                      {"worker", "on_event"});
  ThreadRoots T(P, {});
  EXPECT_TRUE(T.unknown(index(P, "on_event")));
  EXPECT_TRUE(T.unknown(index(P, "bump")));
  AccessObservation Cb = accessIn(P, "bump"), W = accessIn(P, "worker");
  EXPECT_FALSE(T.singleThreaded({&Cb}));      // no evidence it is alone
  EXPECT_FALSE(T.knownParallel(Cb, W));        // nor that it races
}

TEST(ThreadRootsTest, StartUpSplitFollowsTheFirstStartDown) {
  // main -> run(): init() and then the start; init runs before any thread exists.
  Program P = program({fn("main", {callOf("run")}),
                       fn("run", {callOf("init"), startOf("worker"), rmwOf("after")}),
                       fn("init", {rmwOf("queued")}), fn("worker", {rmwOf("queued")})},
                      {"worker"});
  Observations O = analyzeProgram(P);
  std::map<std::string, bool> Before;
  for (const AccessObservation &A : O.Accesses)
    Before[P.functions()[A.Function].Facts->Name + ":" + A.Location] = A.BeforeThreads;
  EXPECT_TRUE(Before["init:@queued"]);
  EXPECT_FALSE(Before["worker:@queued"]);
  EXPECT_FALSE(Before["run:@after"]);
}

TEST(ThreadRootsTest, TwoProgramsInOneDatabaseNeverRunTogether) {
  // A server and its test client share util(); only the server starts a thread.
  TranslationUnitFacts Client;
  Client.MainFile = "client.c";
  Client.Files = {"client.c"};
  FunctionFacts ClientMain = fn("main", {callOf("util")});
  ClientMain.Usr = "client_main"; // a second definition of main, in another program
  Client.Functions = {ClientMain};
  std::vector<TranslationUnitFacts> TUs;
  TranslationUnitFacts Server;
  Server.MainFile = "a.c";
  Server.Files = {"a.c"};
  Server.Functions = {fn("main", {startOf("serve"), callOf("util")}),
                      fn("serve", {callOf("util")}), fn("util", {})};
  Server.AddressTaken = {"serve"};
  TUs.push_back(std::move(Server));
  TUs.push_back(std::move(Client));
  Program Both(std::move(TUs));
  ThreadRoots T(Both, {});
  AccessObservation InClientMain;
  InClientMain.Function = index(Both, "client_main");
  AccessObservation InServe;
  InServe.Function = index(Both, "serve");
  AccessObservation InUtil;
  InUtil.Function = index(Both, "util");
  EXPECT_FALSE(T.knownParallel(InClientMain, InServe));
  EXPECT_TRUE(T.knownParallel(InUtil, InServe)); // the server's main and its thread
  EXPECT_TRUE(T.singleThreaded({&InClientMain}));
}

TEST(ThreadRootsTest, WhatARootDoesBeforeAStartHappensBeforeTheThread) {
  // main: init() and an update at line 3, then it starts the worker (line 5), then
  // another update at line 7. The worker updates the same data.
  Event Early = rmwOf("g"), Late = rmwOf("g"), Start = startOf("worker"), Init = callOf("init");
  Early.At = {0, 3, 1};
  Init.At = {0, 4, 1};
  Start.At = {0, 5, 1};
  Late.At = {0, 7, 1};
  Program P = program({fn("main", {Early, Init, Start, Late}), fn("init", {rmwOf("g")}),
                       fn("worker", {rmwOf("g")})},
                      {"worker"});
  ThreadRoots T(P, {});
  auto At = [&](llvm::StringRef Fn, uint32_t Line) {
    AccessObservation A = accessIn(P, Fn);
    A.Site = {0, Line, 1};
    return A;
  };
  AccessObservation InWorker = At("worker", 9);
  EXPECT_FALSE(T.knownParallel(At("main", 3), InWorker));
  EXPECT_FALSE(T.knownParallel(At("init", 9), InWorker)); // called before the start
  EXPECT_TRUE(T.knownParallel(At("main", 7), InWorker));
  EXPECT_TRUE(T.knownParallel(InWorker, At("main", 7)));
}
