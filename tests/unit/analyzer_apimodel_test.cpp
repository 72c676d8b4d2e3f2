// Lock-API models (analyzer/ApiModel.h): the real rules/apis directory loads and says
// what the extractor relies on, and a broken model file is an error naming the file.
#include "ApiModel.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace lockgraph;

namespace {

const char *const ApiDir = LOCKGRAPH_TEST_SOURCE_DIR "/rules/apis";

class TempDir {
public:
  TempDir() {
    std::error_code EC = llvm::sys::fs::createUniqueDirectory("lockgraph-apis", Path);
    EXPECT_FALSE(EC) << EC.message();
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  const std::string path() const { return std::string(Path); }
  std::string write(llvm::StringRef Name, llvm::StringRef Text) const {
    llvm::SmallString<256> P(Path);
    llvm::sys::path::append(P, Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    EXPECT_FALSE(EC) << EC.message();
    OS << Text;
    return std::string(P);
  }

private:
  llvm::SmallString<256> Path;
};

class RealApiTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::Error E = Api.loadDirectory(ApiDir);
    ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  }
  ApiModel Api;
};

TEST_F(RealApiTest, LoadsSomething) { EXPECT_GT(Api.size(), 50u); }

TEST_F(RealApiTest, PthreadMutex) {
  const FunctionModel *Lock = Api.function("pthread_mutex_lock");
  ASSERT_NE(Lock, nullptr);
  EXPECT_EQ(Lock->Effect, ApiEffect::Acquire);
  EXPECT_EQ(Lock->LockArg, 0);
  EXPECT_FALSE(Lock->Shared);

  const FunctionModel *Try = Api.function("pthread_mutex_trylock");
  ASSERT_NE(Try, nullptr);
  EXPECT_EQ(Try->Effect, ApiEffect::TryAcquire);
  EXPECT_TRUE(Try->SuccessIsZero);

  const FunctionModel *Unlock = Api.function("pthread_mutex_unlock");
  ASSERT_NE(Unlock, nullptr);
  EXPECT_EQ(Unlock->Effect, ApiEffect::Release);
  EXPECT_EQ(Unlock->LockArg, 0);

  const FunctionModel *Wait = Api.function("pthread_cond_wait");
  ASSERT_NE(Wait, nullptr);
  EXPECT_EQ(Wait->Effect, ApiEffect::Wait);
  EXPECT_EQ(Wait->LockArg, 1);

  const FunctionModel *Rd = Api.function("pthread_rwlock_rdlock");
  ASSERT_NE(Rd, nullptr);
  EXPECT_TRUE(Rd->Shared);

  EXPECT_TRUE(Api.isLockType("pthread_mutex_t"));
  EXPECT_FALSE(Api.isRecursiveType("pthread_mutex_t"));
}

TEST_F(RealApiTest, StdMutex) {
  const FunctionModel *Lock = Api.function("std::mutex::lock");
  ASSERT_NE(Lock, nullptr);
  EXPECT_EQ(Lock->Effect, ApiEffect::Acquire);
  EXPECT_EQ(Lock->LockArg, LockArgThis);

  const FunctionModel *Try = Api.function("std::mutex::try_lock");
  ASSERT_NE(Try, nullptr);
  EXPECT_EQ(Try->Effect, ApiEffect::TryAcquire);
  EXPECT_EQ(Try->LockArg, LockArgThis);
  EXPECT_FALSE(Try->SuccessIsZero) << "try_lock returns true on success";

  const FunctionModel *Shared = Api.function("std::shared_mutex::lock_shared");
  ASSERT_NE(Shared, nullptr);
  EXPECT_TRUE(Shared->Shared);

  const FunctionModel *All = Api.function("std::lock");
  ASSERT_NE(All, nullptr);
  EXPECT_EQ(All->LockArg, LockArgAll);

  const FunctionModel *Owns = Api.function("std::unique_lock::operator bool");
  ASSERT_NE(Owns, nullptr);
  EXPECT_EQ(Owns->Effect, ApiEffect::OwnsLock);

  const FunctionModel *Release = Api.function("std::unique_lock::release");
  ASSERT_NE(Release, nullptr);
  EXPECT_EQ(Release->Effect, ApiEffect::Disown);

  EXPECT_EQ(Api.function("std::mutex::native_handle"), nullptr);
  EXPECT_EQ(Api.function("std::__1::mutex::lock"), nullptr)
      << "names have no inline namespaces";
}

TEST_F(RealApiTest, Guards) {
  const GuardModel *Scoped = Api.guard("std::scoped_lock");
  ASSERT_NE(Scoped, nullptr);
  EXPECT_EQ(Scoped->LockArg, LockArgAll);
  EXPECT_FALSE(Scoped->Shared);

  const GuardModel *LockGuard = Api.guard("std::lock_guard");
  ASSERT_NE(LockGuard, nullptr);
  EXPECT_EQ(LockGuard->LockArg, 0);

  const GuardModel *SharedLock = Api.guard("std::shared_lock");
  ASSERT_NE(SharedLock, nullptr);
  EXPECT_TRUE(SharedLock->Shared);

  EXPECT_EQ(Api.guard("std::mutex"), nullptr);
}

TEST_F(RealApiTest, RecursiveTypes) {
  EXPECT_TRUE(Api.isRecursiveType("std::recursive_mutex"));
  EXPECT_TRUE(Api.isRecursiveType("std::recursive_timed_mutex"));
  EXPECT_TRUE(Api.isLockType("std::recursive_mutex"));
  EXPECT_FALSE(Api.isRecursiveType("std::mutex"));
  EXPECT_TRUE(Api.isLockType("std::mutex"));
  EXPECT_FALSE(Api.isRecursiveType("struct not_a_lock"));
  EXPECT_FALSE(Api.isLockType("struct not_a_lock"));
}

TEST_F(RealApiTest, Tags) {
  const GuardTag *Defer = Api.tag("std::defer_lock_t");
  ASSERT_NE(Defer, nullptr);
  EXPECT_EQ(*Defer, GuardTag::Defer);
  const GuardTag *Adopt = Api.tag("std::adopt_lock_t");
  ASSERT_NE(Adopt, nullptr);
  EXPECT_EQ(*Adopt, GuardTag::Adopt);
  const GuardTag *Try = Api.tag("std::try_to_lock_t");
  ASSERT_NE(Try, nullptr);
  EXPECT_EQ(*Try, GuardTag::Try);
  EXPECT_EQ(Api.tag("std::mutex"), nullptr);
}

TEST(ApiModelTest, LoadYAMLText) {
  ApiModel Api;
  llvm::Error E = Api.loadYAML(R"(
name: mine
lock-types:
  - { type: my_lock_t, recursive: true }
functions:
  - { name: my_lock, effect: acquire, lock: 2, mode: shared }
  - { name: my_trylock, effect: try-acquire, success: true }
  - { name: Obj::unlock, effect: release, lock: this }
guards:
  - { type: MyGuard, lock: all, mode: shared }
tags:
  - { type: my_adopt_t, means: adopt }
)",
                               "mine.yaml");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  EXPECT_EQ(Api.size(), 4u);
  const FunctionModel *Lock = Api.function("my_lock");
  ASSERT_NE(Lock, nullptr);
  EXPECT_EQ(Lock->LockArg, 2);
  EXPECT_TRUE(Lock->Shared);
  ASSERT_NE(Api.function("my_trylock"), nullptr);
  EXPECT_FALSE(Api.function("my_trylock")->SuccessIsZero);
  ASSERT_NE(Api.function("Obj::unlock"), nullptr);
  EXPECT_EQ(Api.function("Obj::unlock")->LockArg, LockArgThis);
  ASSERT_NE(Api.guard("MyGuard"), nullptr);
  EXPECT_EQ(Api.guard("MyGuard")->LockArg, LockArgAll);
  EXPECT_TRUE(Api.guard("MyGuard")->Shared);
  EXPECT_TRUE(Api.isRecursiveType("my_lock_t"));
  ASSERT_NE(Api.tag("my_adopt_t"), nullptr);
  EXPECT_EQ(*Api.tag("my_adopt_t"), GuardTag::Adopt);
}

// Loads Text as a file named Name and expects an error naming the file and saying
// Needle.
void expectBadFile(llvm::StringRef Name, llvm::StringRef Text, llvm::StringRef Needle) {
  SCOPED_TRACE(Name.str());
  TempDir Dir;
  std::string Path = Dir.write(Name, Text);
  ApiModel Api;
  llvm::Error E = Api.loadFile(Path);
  ASSERT_TRUE(static_cast<bool>(E)) << "expected an error";
  std::string Msg = llvm::toString(std::move(E));
  EXPECT_NE(Msg.find(Path), std::string::npos) << Msg;
  EXPECT_NE(Msg.find(Needle.str()), std::string::npos) << Msg;

  // The same through a directory of models, among good ones.
  Dir.write("0-good.yaml", "name: good\nfunctions:\n  - { name: f, effect: acquire }\n");
  ApiModel FromDir;
  llvm::Error D = FromDir.loadDirectory(Dir.path());
  ASSERT_TRUE(static_cast<bool>(D)) << "expected an error from the directory";
  std::string DirMsg = llvm::toString(std::move(D));
  EXPECT_NE(DirMsg.find(Name.str()), std::string::npos) << DirMsg;
}

TEST(ApiModelTest, UnknownEffect) {
  expectBadFile("effect.yaml", "name: x\nfunctions:\n  - { name: f, effect: grab }\n",
                "unknown effect 'grab'");
}

TEST(ApiModelTest, BadLockArgument) {
  expectBadFile("lockarg.yaml",
                "name: x\nfunctions:\n  - { name: f, effect: acquire, lock: first }\n",
                "lock must be this, all or an argument index");
  expectBadFile("neg.yaml", "name: x\nfunctions:\n  - { name: f, effect: acquire, lock: -1 }\n",
                "not '-1'");
  expectBadFile("guardthis.yaml", "name: x\nguards:\n  - { type: G, lock: this }\n",
                "guard 'G'");
}

TEST_F(RealApiTest, ThreadStarts) {
  for (auto [Name, Routine] : {std::pair<const char *, int>{"pthread_create", 2},
                               {"thrd_create", 1}}) {
    const FunctionModel *M = Api.function(Name);
    ASSERT_NE(M, nullptr) << Name;
    EXPECT_EQ(M->Effect, ApiEffect::ThreadStart) << Name;
    EXPECT_EQ(M->RoutineArg, Routine) << Name;
  }
}

TEST(ApiModelTest, RoutineGoesWithThreadStartOnly) {
  expectBadFile("noroutine.yaml", "name: x\nfunctions:\n  - { name: f, effect: thread-start }\n",
                "routine (an argument index) goes with effect thread-start");
  expectBadFile("stray.yaml",
                "name: x\nfunctions:\n  - { name: f, effect: acquire, routine: 1 }\n",
                "routine (an argument index) goes with effect thread-start");
}

TEST(ApiModelTest, BadModeSuccessAndTag) {
  expectBadFile("mode.yaml",
                "name: x\nfunctions:\n  - { name: f, effect: acquire, mode: sharp }\n",
                "mode must be exclusive or shared");
  expectBadFile("success.yaml",
                "name: x\nfunctions:\n  - { name: f, effect: try-acquire, success: one }\n",
                "success must be zero or true");
  expectBadFile("tag.yaml", "name: x\ntags:\n  - { type: T, means: maybe }\n",
                "means must be defer, adopt or try");
}

TEST(ApiModelTest, NotYAMLOrMissingKeys) {
  expectBadFile("syntax.yaml", "name: [unclosed\n", "not a valid lock-API file");
  expectBadFile("noname.yaml", "functions: []\n", "not a valid lock-API file");
  expectBadFile("noeffect.yaml", "name: x\nfunctions:\n  - { name: f }\n",
                "not a valid lock-API file");
}

TEST(ApiModelTest, MissingFileAndEmptyDirectory) {
  TempDir Dir;
  ApiModel Api;
  llvm::Error E = Api.loadFile(Dir.path() + "/absent.yaml");
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_NE(llvm::toString(std::move(E)).find("absent.yaml"), std::string::npos);

  llvm::Error D = Api.loadDirectory(Dir.path());
  ASSERT_TRUE(static_cast<bool>(D));
  EXPECT_NE(llvm::toString(std::move(D)).find("no lock-API models"), std::string::npos);
}

} // namespace

TEST_F(RealApiTest, BlockingSleepsYieldsAndWaitPredicates) {
  for (const char *Name : {"pthread_join", "write", "poll", "fsync", "sem_wait",
                           "std::thread::join", "std::future::get", "thrd_join"}) {
    const FunctionModel *M = Api.function(Name);
    ASSERT_NE(M, nullptr) << Name;
    EXPECT_EQ(M->Effect, ApiEffect::Block) << Name;
  }
  const FunctionModel *Usleep = Api.function("usleep");
  ASSERT_NE(Usleep, nullptr);
  EXPECT_EQ(Usleep->Effect, ApiEffect::Sleep);
  EXPECT_EQ(Usleep->SleepUnitNs, 1000u);
  const FunctionModel *Sleep = Api.function("sleep");
  ASSERT_NE(Sleep, nullptr);
  EXPECT_EQ(Sleep->SleepUnitNs, 1000000000u);
  const FunctionModel *SleepFor = Api.function("std::this_thread::sleep_for");
  ASSERT_NE(SleepFor, nullptr);
  EXPECT_EQ(SleepFor->SleepUnitNs, 0u); // a duration object, not a number
  const FunctionModel *Yield = Api.function("sched_yield");
  ASSERT_NE(Yield, nullptr);
  EXPECT_EQ(Yield->Effect, ApiEffect::Yield);
  const FunctionModel *CvWait = Api.function("std::condition_variable::wait");
  ASSERT_NE(CvWait, nullptr);
  EXPECT_EQ(CvWait->PredicateArg, 1);
  const FunctionModel *CvWaitFor = Api.function("std::condition_variable::wait_for");
  ASSERT_NE(CvWaitFor, nullptr);
  EXPECT_EQ(CvWaitFor->PredicateArg, 2);
  const FunctionModel *PthreadWait = Api.function("pthread_cond_wait");
  ASSERT_NE(PthreadWait, nullptr);
  EXPECT_EQ(PthreadWait->PredicateArg, -1);
}

TEST(ApiModelTest, PredicateAndUnitGoWithTheirEffects) {
  expectBadFile("pred.yaml",
                "name: x\nfunctions:\n  - { name: f, effect: acquire, predicate: 1 }\n",
                "predicate goes with effect wait only");
  expectBadFile("unit.yaml", "name: x\nfunctions:\n  - { name: f, effect: block, unit: s }\n",
                "unit goes with effect sleep only");
  expectBadFile("badunit.yaml",
                "name: x\nfunctions:\n  - { name: f, effect: sleep, unit: fortnights }\n",
                "unit must be s, ms, us or ns");
  expectBadFile("effect.yaml", "name: x\nfunctions:\n  - { name: f, effect: nap }\n",
                "unknown effect 'nap'");
  expectBadFile("nowait.yaml",
                "name: x\nfunctions:\n  - { name: f, effect: sleep, "
                "nowait-when: { arg: 1, at-most: 0 } }\n",
                "nowait-when goes with effect block");
  expectBadFile("pool.yaml", "name: x\nfunctions:\n  - { name: f, effect: block, pool: true }\n",
                "pool goes with effect thread-start only");
  expectBadFile("output.yaml",
                "name: x\nfunctions:\n  - { name: f, effect: sleep, output: true }\n",
                "output goes with effect block only");
}

TEST_F(RealApiTest, ThreadStartsPoolsAndOutput) {
  for (const char *Name : {"std::thread::thread", "std::jthread::jthread", "std::async",
                           "boost::thread::thread", "g_thread_new", "QThread::create"}) {
    const FunctionModel *M = Api.function(Name);
    ASSERT_NE(M, nullptr) << Name;
    EXPECT_EQ(M->Effect, ApiEffect::ThreadStart) << Name;
    EXPECT_FALSE(M->Pool) << Name;
  }
  for (const char *Name : {"g_thread_pool_new", "QtConcurrent::run", "boost::asio::post"}) {
    const FunctionModel *M = Api.function(Name);
    ASSERT_NE(M, nullptr) << Name;
    EXPECT_TRUE(M->Pool) << Name;
  }
  EXPECT_TRUE(Api.function("write")->Output);
  EXPECT_TRUE(Api.function("sendmsg")->Output);
  EXPECT_FALSE(Api.function("read")->Output);
  EXPECT_FALSE(Api.function("fsync")->Output);
}

TEST_F(RealApiTest, CallsThatReturnAtOnceForSomeArguments) {
  const FunctionModel *Poll = Api.function("poll");
  ASSERT_NE(Poll, nullptr);
  EXPECT_EQ(Poll->NoWaitArg, 2);
  EXPECT_EQ(Poll->NoWaitAtMost, 0);
  const FunctionModel *Write = Api.function("write");
  ASSERT_NE(Write, nullptr);
  EXPECT_EQ(Write->NoWaitArg, 2);
  EXPECT_EQ(Write->NoWaitAtMost, 8);
}
