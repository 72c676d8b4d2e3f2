// The facts JSON format (analyzer/Facts.h, docs/facts-format.md): a full round trip
// through toJSON / factsFromJSON and through files, and corrupt inputs that must give
// an error naming what is wrong, never a crash.
#include "Facts.h"

#include "ApiModel.h"
#include "TranslationUnits.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "analyzer_test_support.h"

#include <gtest/gtest.h>

#include <functional>

using namespace lockgraph;
namespace json = llvm::json;

namespace {

using test::ref;

Site at(uint32_t File, uint32_t Line, uint32_t Column) { return {File, Line, Column}; }

// A translation unit using every event kind, every successor kind and every optional
// field.
TranslationUnitFacts sampleFacts() {
  TranslationUnitFacts TU;
  TU.MainFile = "/src/bank.c";
  TU.CommandHash = "0123456789abcdef";
  TU.Inputs = {{"/src/bank.c", 0xFEDCBA9876543210ull},
               {"/src/bank.h", 0},
               {"/usr/include/pthread.h", ~0ull}};
  TU.Files = {"/src/bank.c", "/src/bank.h"};

  FunctionFacts F;
  F.Usr = "c:@F@transfer";
  F.Name = "transfer";
  F.Loc = at(0, 10, 6);
  F.ParamNames = {"from", "to", "amount"};
  F.ParamVars = {"", "", "amount@180"};
  F.Entry = 0;
  F.Exit = 4;
  F.Blocks.resize(5);
  {
    BlockFacts &B = F.Blocks[0];
    Event Acq;
    Acq.Kind = EventKind::Acquire;
    Acq.At = at(0, 11, 3);
    Acq.Locks = {ref("$0.m", "#struct account.m"), ref("$1.m", "#struct account.m")};
    Acq.Group = true;
    Event Try;
    Try.Kind = EventKind::TryAcquire;
    Try.At = at(1, 12, 7);
    Try.Locks = {ref("@c:bank.c@g_rw", "", /*Recursive=*/true)};
    Try.Shared = true;
    Try.TryId = 0;
    B.Events = {Acq, Try};
    Successor S1;
    S1.Block = 1;
    S1.TryId = 0;
    S1.TrySucceeded = true;
    Successor S2;
    S2.Block = 2;
    S2.TryId = 0;
    S2.TrySucceeded = false;
    B.Succs = {S1, S2};
  }
  {
    BlockFacts &B = F.Blocks[1];
    Event Call;
    Call.Kind = EventKind::Call;
    Call.At = at(0, 13, 5);
    Call.Callee = "c:@F@audit";
    Call.CalleeName = "audit";
    Call.Args = {ref("@c:@g_log"), LockRef(), ref("$0", "#struct account")};
    Call.This = ref("%c:@F@transfer%guard", "#Guard");
    Call.This.Spelling = "guard";
    LockRef Bound = ref("$0.m", "#struct holder.m#struct account.m");
    Bound.Spelling = "from->m";
    Bound.ThroughPointer = true;
    Call.ThisFields = {{"m_", Bound}};
    Call.Virtual = true;
    Call.ArgValues = "?0?";
    Event Rel;
    Rel.Kind = EventKind::Release;
    Rel.At = at(0, 14, 5);
    Rel.Locks = {ref("@c:bank.c@g_rw", "", true)};
    Event Wait;
    Wait.Kind = EventKind::Wait;
    Wait.At = at(0, 15, 5);
    Wait.Locks = {ref("$0.m", "#struct account.m")};
    B.Events = {Call, Rel, Wait};
    Successor C1;
    C1.Block = 2;
    C1.Cond = "verbose@120";
    C1.CondValue = true;
    Successor C2;
    C2.Block = 3;
    C2.Cond = "verbose@120";
    C2.CondValue = false;
    Successor Both; // a try and a condition on one edge
    Both.Block = 3;
    Both.TryId = 2;
    Both.TrySucceeded = false;
    Both.Cond = "x@7";
    Both.CondValue = true;
    B.Succs = {C1, C2, Both};
  }
  {
    BlockFacts &B = F.Blocks[2];
    Event Rih;
    Rih.Kind = EventKind::ReleaseIfHeld;
    Rih.At = at(0, 16, 1);
    Rih.Locks = {ref("$0.m", "#struct account.m"), ref("$1.m", "#struct account.m")};
    Rih.Group = true;
    Event Rmw; // `from->balance -= amount`, under from->m
    Rmw.Kind = EventKind::Access;
    Rmw.At = at(0, 15, 19);
    Rmw.Location = ref("$0.balance", "#struct account.balance");
    Rmw.Location.Spelling = "from->balance";
    Rmw.Location.ThroughPointer = true;
    Rmw.Access = AccessKind::ReadModifyWrite;
    Rmw.DeclaredGuard = ref("$0.m", "#struct account.m"); // GUARDED_BY(m)
    Event Read;
    Read.Kind = EventKind::Access;
    Read.At = at(0, 15, 30);
    Read.Location = ref("@c:bank.c@g_total");
    B.Events = {Rmw, Read, Rih};
    Successor Plain;
    Plain.Block = 4;
    B.Succs = {Plain};
    B.ReachesExit = true;
    B.ExitSite = at(0, 17, 1);
  }
  {
    BlockFacts &B = F.Blocks[3];
    Event Call; // a call with no arguments and no object
    Call.Kind = EventKind::Call;
    Call.At = at(1, 3, 2);
    Call.Callee = "c:@F@abort_soon";
    Call.CalleeName = "abort_soon";
    Call.Signature = "void (void *)";
    Call.Param = 2;                                  // calls its parameter 2
    Call.FunctionArgs = {"", "c:@F@worker"};         // passes worker as argument 1
    Call.CalleeField = "crawler_module::eval";       // `mod->eval(...)`
    Event Start; // pthread_create(&t, 0, worker, 0)
    Start.Kind = EventKind::ThreadStart;
    Start.At = at(1, 4, 2);
    Start.Callee = "c:@F@worker";
    Start.CalleeName = "worker";
    Start.DataCallee = "c:@F@real_entry"; // through a trampoline
    Start.Value = true;                  // a pool
    Event Wrapped; // a start wrapper's parameter: create_worker(func) -> pthread_create(func)
    Wrapped.Kind = EventKind::ThreadStart;
    Wrapped.At = at(1, 4, 9);
    Wrapped.Param = 0;
    Wrapped.DataParam = 1;
    Event Sleep; // usleep(10): a block event that only sleeps
    Sleep.Kind = EventKind::Block;
    Sleep.At = at(1, 5, 2);
    Sleep.CalleeName = "usleep";
    Sleep.Value = true;
    Event Wait; // cv.wait(lk, pred): loops on its predicate itself; status tested
    Wait.Kind = EventKind::Wait;
    Wait.At = at(1, 6, 2);
    Wait.Locks = {ref("$this.mu_", "#Queue.mu_")};
    Wait.CalleeName = "std::condition_variable::wait";
    Wait.Value = true;
    Wait.TryId = 1;
    Event Probe;
    Probe.Kind = EventKind::Probe;
    Probe.At = at(1, 7, 2);
    Probe.Var = "3";
    B.Events = {Call, Start, Wrapped, Sleep, Wait, Probe};
    // No successors: a noreturn call.
  }
  // Block 4 is the exit block: no events, no successors.
  F.Signature = "void (struct account *, struct account *, int)";
  F.Overrides = {"c:@S@Base@F@transfer#"};
  SpinLoop Spin;
  Spin.At = at(0, 20, 3);
  Spin.Kind = SpinKind::TryLock;
  Spin.Flag = ref("$0.m", "#struct account.m");
  Spin.Pauses = true;
  SpinLoop Flag;
  Flag.At = at(0, 21, 3);
  Flag.Flag = ref("@c:@done");
  F.Spins = {Spin, Flag};
  CheckAct CA;
  CA.At = at(0, 22, 3);
  CA.Probe = 3;
  CA.Reads = {ref("$0.balance", "#struct account.balance")};
  CA.Getters = {"c:@F@get_balance"};
  CheckActUpdate Direct;
  Direct.At = at(0, 24, 5);
  Direct.Location = ref("$0.balance", "#struct account.balance");
  Direct.Probe = 4;
  CheckActUpdate Setter;
  Setter.At = at(0, 25, 5);
  Setter.Setter = "c:@F@set_balance";
  Setter.SetterName = "set_balance";
  Setter.Probe = 5;
  CA.Updates = {Direct, Setter};
  F.CheckActs = {CA};
  TU.Functions.push_back(F);

  FunctionFacts G;
  G.Usr = "c:@F@empty";
  G.Name = "empty";
  G.Loc = at(1, 1, 1);
  G.Blocks.resize(1);
  TU.Functions.push_back(G);

  TU.Suppressions = {{0, 14, {"lockgraph-double-lock", "lockgraph-lock-*"}}, {1, 2, {}}};
  TU.AddressTaken = {"c:@F@transfer", "c:@F@worker"};
  TU.FieldFunctions = {{"crawler_module::eval", "c:@F@expired_eval"}};
  TU.RecursiveLocks = {"#struct account.m", "@c:@g_rec"};
  return TU;
}

void expectSameLock(const LockRef &A, const LockRef &B, const std::string &Where) {
  SCOPED_TRACE(Where);
  EXPECT_EQ(A.Path, B.Path);
  EXPECT_EQ(A.Fallback, B.Fallback);
  EXPECT_EQ(A.Recursive, B.Recursive);
  EXPECT_EQ(A.Spelling, B.Spelling);
  EXPECT_EQ(A.ThroughPointer, B.ThroughPointer);
}

void expectSameSite(const Site &A, const Site &B, const std::string &Where) {
  SCOPED_TRACE(Where);
  EXPECT_EQ(A.File, B.File);
  EXPECT_EQ(A.Line, B.Line);
  EXPECT_EQ(A.Column, B.Column);
}

void expectSameLocks(const std::vector<LockRef> &A, const std::vector<LockRef> &B,
                     const std::string &Where) {
  ASSERT_EQ(A.size(), B.size()) << Where;
  for (size_t I = 0; I < A.size(); ++I)
    expectSameLock(A[I], B[I], Where + "[" + std::to_string(I) + "]");
}

void expectSameFacts(const TranslationUnitFacts &A, const TranslationUnitFacts &B) {
  EXPECT_EQ(A.MainFile, B.MainFile);
  EXPECT_EQ(A.CommandHash, B.CommandHash);
  ASSERT_EQ(A.Inputs.size(), B.Inputs.size());
  for (size_t I = 0; I < A.Inputs.size(); ++I) {
    EXPECT_EQ(A.Inputs[I].Path, B.Inputs[I].Path);
    EXPECT_EQ(A.Inputs[I].Hash, B.Inputs[I].Hash) << A.Inputs[I].Path;
  }
  EXPECT_EQ(A.Files, B.Files);
  EXPECT_EQ(A.AddressTaken, B.AddressTaken);
  EXPECT_EQ(A.FieldFunctions, B.FieldFunctions);
  EXPECT_EQ(A.RecursiveLocks, B.RecursiveLocks);
  ASSERT_EQ(A.Suppressions.size(), B.Suppressions.size());
  for (size_t I = 0; I < A.Suppressions.size(); ++I) {
    EXPECT_EQ(A.Suppressions[I].File, B.Suppressions[I].File);
    EXPECT_EQ(A.Suppressions[I].Line, B.Suppressions[I].Line);
    EXPECT_EQ(A.Suppressions[I].Ids, B.Suppressions[I].Ids);
  }
  ASSERT_EQ(A.Functions.size(), B.Functions.size());
  for (size_t FI = 0; FI < A.Functions.size(); ++FI) {
    const FunctionFacts &X = A.Functions[FI], &Y = B.Functions[FI];
    std::string FW = "function " + X.Name;
    SCOPED_TRACE(FW);
    EXPECT_EQ(X.Usr, Y.Usr);
    EXPECT_EQ(X.Name, Y.Name);
    expectSameSite(X.Loc, Y.Loc, "Loc");
    EXPECT_EQ(X.ParamNames, Y.ParamNames);
    EXPECT_EQ(X.ParamVars, Y.ParamVars);
    EXPECT_EQ(X.Entry, Y.Entry);
    EXPECT_EQ(X.Exit, Y.Exit);
    EXPECT_EQ(X.Signature, Y.Signature);
    EXPECT_EQ(X.Overrides, Y.Overrides);
    ASSERT_EQ(X.Spins.size(), Y.Spins.size());
    for (size_t I = 0; I < X.Spins.size(); ++I) {
      expectSameSite(X.Spins[I].At, Y.Spins[I].At, "Spin.At");
      EXPECT_EQ(X.Spins[I].Kind, Y.Spins[I].Kind);
      EXPECT_EQ(X.Spins[I].Pauses, Y.Spins[I].Pauses);
      expectSameLock(X.Spins[I].Flag, Y.Spins[I].Flag, "Spin.Flag");
    }
    ASSERT_EQ(X.CheckActs.size(), Y.CheckActs.size());
    for (size_t I = 0; I < X.CheckActs.size(); ++I) {
      const CheckAct &A = X.CheckActs[I], &B = Y.CheckActs[I];
      expectSameSite(A.At, B.At, "CheckAct.At");
      EXPECT_EQ(A.Probe, B.Probe);
      expectSameLocks(A.Reads, B.Reads, "CheckAct.Reads");
      EXPECT_EQ(A.Getters, B.Getters);
      ASSERT_EQ(A.Updates.size(), B.Updates.size());
      for (size_t K = 0; K < A.Updates.size(); ++K) {
        expectSameSite(A.Updates[K].At, B.Updates[K].At, "Update.At");
        expectSameLock(A.Updates[K].Location, B.Updates[K].Location, "Update.Location");
        EXPECT_EQ(A.Updates[K].Setter, B.Updates[K].Setter);
        EXPECT_EQ(A.Updates[K].SetterName, B.Updates[K].SetterName);
        EXPECT_EQ(A.Updates[K].Probe, B.Updates[K].Probe);
      }
    }
    ASSERT_EQ(X.Blocks.size(), Y.Blocks.size());
    for (size_t BI = 0; BI < X.Blocks.size(); ++BI) {
      const BlockFacts &P = X.Blocks[BI], &Q = Y.Blocks[BI];
      std::string BW = "block " + std::to_string(BI);
      SCOPED_TRACE(BW);
      EXPECT_EQ(P.ReachesExit, Q.ReachesExit);
      if (P.ReachesExit)
        expectSameSite(P.ExitSite, Q.ExitSite, "ExitSite");
      ASSERT_EQ(P.Succs.size(), Q.Succs.size());
      for (size_t SI = 0; SI < P.Succs.size(); ++SI) {
        SCOPED_TRACE("succ " + std::to_string(SI));
        EXPECT_EQ(P.Succs[SI].Block, Q.Succs[SI].Block);
        EXPECT_EQ(P.Succs[SI].TryId, Q.Succs[SI].TryId);
        EXPECT_EQ(P.Succs[SI].TrySucceeded, Q.Succs[SI].TrySucceeded);
        EXPECT_EQ(P.Succs[SI].Cond, Q.Succs[SI].Cond);
        EXPECT_EQ(P.Succs[SI].CondValue, Q.Succs[SI].CondValue);
      }
      ASSERT_EQ(P.Events.size(), Q.Events.size());
      for (size_t EI = 0; EI < P.Events.size(); ++EI) {
        const Event &E = P.Events[EI], &D = Q.Events[EI];
        std::string EW = "event " + std::to_string(EI);
        SCOPED_TRACE(EW);
        EXPECT_EQ(E.Kind, D.Kind);
        expectSameSite(E.At, D.At, "At");
        expectSameLocks(E.Locks, D.Locks, "Locks");
        expectSameLock(E.Location, D.Location, "Location");
        EXPECT_EQ(E.Access, D.Access);
        EXPECT_EQ(E.Shared, D.Shared);
        EXPECT_EQ(E.Group, D.Group);
        EXPECT_EQ(E.TryId, D.TryId);
        EXPECT_EQ(E.Callee, D.Callee);
        EXPECT_EQ(E.CalleeName, D.CalleeName);
        EXPECT_EQ(E.Virtual, D.Virtual);
        EXPECT_EQ(E.Signature, D.Signature);
        EXPECT_EQ(E.Value, D.Value);
        EXPECT_EQ(E.Var, D.Var);
        EXPECT_EQ(E.ArgValues, D.ArgValues);
        EXPECT_EQ(E.FunctionArgs, D.FunctionArgs);
        EXPECT_EQ(E.CalleeField, D.CalleeField);
        EXPECT_EQ(E.DataCallee, D.DataCallee);
        EXPECT_EQ(E.Param, D.Param);
        EXPECT_EQ(E.DataParam, D.DataParam);
        expectSameLock(E.DeclaredGuard, D.DeclaredGuard, "DeclaredGuard");
        expectSameLocks(E.Args, D.Args, "Args");
        expectSameLock(E.This, D.This, "This");
        ASSERT_EQ(E.ThisFields.size(), D.ThisFields.size());
        for (size_t FI = 0; FI < E.ThisFields.size(); ++FI) {
          EXPECT_EQ(E.ThisFields[FI].Field, D.ThisFields[FI].Field);
          expectSameLock(E.ThisFields[FI].Target, D.ThisFields[FI].Target, "ThisFields");
        }
      }
    }
  }
}

// Expects an error whose message contains every one of Needles.
template <typename T>
void expectError(llvm::Expected<T> R, std::initializer_list<llvm::StringRef> Needles) {
  ASSERT_FALSE(static_cast<bool>(R)) << "expected an error";
  std::string Msg = llvm::toString(R.takeError());
  for (llvm::StringRef N : Needles)
    EXPECT_NE(Msg.find(N.str()), std::string::npos)
        << "message '" << Msg << "' lacks '" << N.str() << "'";
}

// The JSON of the sample, edited by Edit, then read back.
llvm::Expected<TranslationUnitFacts> readEdited(const std::function<void(json::Object &)> &Edit) {
  json::Value V = toJSON(sampleFacts());
  Edit(*V.getAsObject());
  return factsFromJSON(V);
}

json::Object &function0(json::Object &Top) {
  return *(*Top.getArray("functions"))[0].getAsObject();
}

json::Object &block(json::Object &Top, size_t Index) {
  return *(*function0(Top).getArray("blocks"))[Index].getAsObject();
}

// A scratch directory removed at the end of the test.
class TempDir {
public:
  TempDir() {
    std::error_code EC = llvm::sys::fs::createUniqueDirectory("lockgraph-facts", Path);
    EXPECT_FALSE(EC) << EC.message();
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  const std::string path() const { return std::string(Path); }
  std::string file(llvm::StringRef Name) const {
    llvm::SmallString<256> P(Path);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }
  void write(llvm::StringRef Name, llvm::StringRef Text) const {
    std::error_code EC;
    llvm::raw_fd_ostream OS(file(Name), EC);
    ASSERT_FALSE(EC) << EC.message();
    OS << Text;
  }

private:
  llvm::SmallString<256> Path;
};

std::string serialized(const TranslationUnitFacts &TU) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << toJSON(TU);
  return S;
}

TEST(FactsTest, RoundTripThroughJSON) {
  TranslationUnitFacts TU = sampleFacts();
  json::Value V = toJSON(TU);
  const json::Object *O = V.getAsObject();
  ASSERT_NE(O, nullptr);
  EXPECT_EQ(O->getString("format"), llvm::StringRef("lockgraph-facts"));
  EXPECT_EQ(O->getInteger("version"), FactsFormatVersion);

  auto Back = factsFromJSON(V);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  expectSameFacts(TU, *Back);
  // And writing it again gives the same text.
  EXPECT_EQ(serialized(TU), serialized(*Back));
}

TEST(FactsTest, RoundTripThroughText) {
  TranslationUnitFacts TU = sampleFacts();
  auto Parsed = json::parse(serialized(TU));
  ASSERT_TRUE(static_cast<bool>(Parsed)) << llvm::toString(Parsed.takeError());
  auto Back = factsFromJSON(*Parsed);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  expectSameFacts(TU, *Back);
}

TEST(FactsTest, CompactEncodingOfDefaults) {
  json::Value V = toJSON(sampleFacts());
  json::Object &Top = *V.getAsObject();
  // A plain successor is a bare block index; a conditional one an object.
  const json::Array &Succs0 = *block(Top, 2).getArray("succs");
  EXPECT_EQ(Succs0[0].getAsUINT64(), 4u);
  const json::Object *Cond = (*block(Top, 1).getArray("succs"))[0].getAsObject();
  ASSERT_NE(Cond, nullptr);
  EXPECT_EQ(Cond->getString("cond"), llvm::StringRef("verbose@120"));
  EXPECT_EQ(Cond->getBoolean("value"), true);
  EXPECT_EQ(Cond->get("try"), nullptr);
  // Default event fields are left out.
  const json::Object &Rel = *(*block(Top, 1).getArray("events"))[1].getAsObject();
  EXPECT_EQ(Rel.get("shared"), nullptr);
  EXPECT_EQ(Rel.get("group"), nullptr);
  EXPECT_EQ(Rel.get("try"), nullptr);
  EXPECT_EQ(Rel.get("callee"), nullptr);
  // Input hashes are hex strings (64-bit values do not fit a JSON double).
  const json::Object &In0 = *(*Top.getArray("inputs"))[0].getAsObject();
  EXPECT_EQ(In0.getString("hash")->lower(), "fedcba9876543210");
}

TEST(FactsTest, MinimalFactsAreValid) {
  TranslationUnitFacts TU;
  TU.MainFile = "a.c";
  auto Back = factsFromJSON(toJSON(TU));
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Back->MainFile, "a.c");
  EXPECT_TRUE(Back->Functions.empty());
}

TEST(FactsTest, WriteAndReadFile) {
  TempDir Dir;
  std::string Path = Dir.file("bank.c.0123.facts.json");
  TranslationUnitFacts TU = sampleFacts();
  ASSERT_FALSE(static_cast<bool>(writeFactsFile(Path, TU)));
  EXPECT_TRUE(llvm::sys::fs::exists(Path));
  EXPECT_FALSE(llvm::sys::fs::exists(Path + ".tmp")) << "the temporary was renamed";
  auto Back = readFactsFile(Path);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  expectSameFacts(TU, *Back);

  // Overwriting an existing file works too.
  TU.MainFile = "/src/other.c";
  ASSERT_FALSE(static_cast<bool>(writeFactsFile(Path, TU)));
  auto Again = readFactsFile(Path);
  ASSERT_TRUE(static_cast<bool>(Again)) << llvm::toString(Again.takeError());
  EXPECT_EQ(Again->MainFile, "/src/other.c");
}

TEST(FactsTest, WriteIntoAMissingDirectoryFails) {
  TempDir Dir;
  std::string Path = Dir.file("no/such/dir/x.facts.json");
  llvm::Error E = writeFactsFile(Path, sampleFacts());
  ASSERT_TRUE(static_cast<bool>(E));
  std::string Msg = llvm::toString(std::move(E));
  EXPECT_NE(Msg.find("cannot write"), std::string::npos) << Msg;
}

TEST(FactsTest, ReadMissingFile) {
  TempDir Dir;
  expectError(readFactsFile(Dir.file("absent.facts.json")),
              {"cannot read", "absent.facts.json"});
}

TEST(FactsTest, ReadNotJSON) {
  TempDir Dir;
  Dir.write("garbage.facts.json", "this is not JSON {");
  expectError(readFactsFile(Dir.file("garbage.facts.json")), {"garbage.facts.json"});
}

TEST(FactsTest, ReadTruncatedFile) {
  TempDir Dir;
  std::string Text = serialized(sampleFacts());
  for (size_t Cut : {Text.size() / 2, Text.size() - 1, size_t(1), size_t(0)}) {
    SCOPED_TRACE("cut at " + std::to_string(Cut));
    Dir.write("torn.facts.json", llvm::StringRef(Text).take_front(Cut));
    expectError(readFactsFile(Dir.file("torn.facts.json")), {"torn.facts.json"});
  }
}

TEST(FactsTest, ReadWrongTopLevel) {
  TempDir Dir;
  Dir.write("array.facts.json", "[1, 2, 3]");
  expectError(readFactsFile(Dir.file("array.facts.json")),
              {"array.facts.json", "not a lockgraph facts file"});
}

TEST(FactsTest, WrongFormatName) {
  expectError(readEdited([](json::Object &O) { O["format"] = "lockgraph-report"; }),
              {"not a lockgraph facts file"});
  expectError(readEdited([](json::Object &O) { O.erase("format"); }),
              {"not a lockgraph facts file"});
}

TEST(FactsTest, WrongVersion) {
  expectError(readEdited([](json::Object &O) { O["version"] = FactsFormatVersion + 1; }),
              {"version " + std::to_string(FactsFormatVersion + 1),
               "expected " + std::to_string(FactsFormatVersion)});
  expectError(readEdited([](json::Object &O) { O.erase("version"); }), {"version"});
  expectError(readEdited([](json::Object &O) { O["version"] = "1"; }), {"version"});
}

TEST(FactsTest, ArgValuesOnlyConstantMarks) {
  expectError(readEdited([](json::Object &O) {
                (*(*block(O, 1).getArray("events"))[0].getAsObject())["argValues"] = "?x1";
              }),
              {"argValues", "expected only '0', '1' and '?'"});
}

TEST(FactsTest, SuccessorOutOfRange) {
  expectError(readEdited([](json::Object &O) {
                (*block(O, 2).getArray("succs"))[0] = 99;
              }),
              {"successor out of range", "functions"});
  expectError(readEdited([](json::Object &O) {
                (*(*block(O, 1).getArray("succs"))[0].getAsObject())["to"] = 5;
              }),
              {"successor out of range"});
}

TEST(FactsTest, EntryOrExitOutOfRange) {
  expectError(readEdited([](json::Object &O) { function0(O)["entry"] = 5; }),
              {"entry block out of range"});
  expectError(readEdited([](json::Object &O) { function0(O)["exit"] = 5; }),
              {"out of range"});
  expectError(readEdited([](json::Object &O) { function0(O)["entry"] = -1; }),
              {"unsigned 32-bit"});
  expectError(readEdited([](json::Object &O) { function0(O)["entry"] = 1ll << 40; }),
              {"unsigned 32-bit"});
}

TEST(FactsTest, FileIndexOutOfRange) {
  // The function's own location.
  expectError(readEdited([](json::Object &O) { function0(O)["at"] = json::Array{7, 1, 1}; }),
              {"file index out of range", "transfer"});
  // An event's site.
  expectError(readEdited([](json::Object &O) {
                (*(*block(O, 1).getArray("events"))[0].getAsObject())["at"] =
                    json::Array{2, 1, 1};
              }),
              {"file index out of range"});
  // A block's exit site.
  expectError(readEdited([](json::Object &O) { block(O, 2)["exitAt"] = json::Array{3, 1, 1}; }),
              {"file index out of range"});
}

TEST(FactsTest, SuppressionFileIndexOutOfRange) {
  // Program indexes its file map with a suppression's file: an index past the file
  // table must be refused when reading, like every other file index.
  auto R = readEdited([](json::Object &O) {
    (*(*O.getArray("suppressions"))[0].getAsObject())["file"] = 9;
  });
  expectError(std::move(R), {"out of range"});
}

TEST(FactsTest, AccessEventsNeedALocationAndAKnownKind) {
  auto Access0 = [](json::Object &O) {
    return (*block(O, 2).getArray("events"))[0].getAsObject();
  };
  expectError(readEdited([&](json::Object &O) { Access0(O)->erase("location"); }),
              {"location", "missing value"});
  expectError(readEdited([&](json::Object &O) { (*Access0(O))["access"] = "update"; }),
              {"access", "expected read, write or rmw"});
  expectError(readEdited([&](json::Object &O) { Access0(O)->erase("access"); }), {"access"});
}

TEST(FactsTest, SpinsAndCheckActsAreValidated) {
  auto Fn0 = [](json::Object &O) { return (*O.getArray("functions"))[0].getAsObject(); };
  expectError(readEdited([&](json::Object &O) {
                (*(*Fn0(O)->getArray("spins"))[0].getAsObject())["kind"] = "spinny";
              }),
              {"spins", "flag, atomic or trylock"});
  expectError(readEdited([&](json::Object &O) { (*Fn0(O))["spins"] = 3; }), {"spins"});
  expectError(readEdited([&](json::Object &O) {
                (*Fn0(O)->getArray("spins"))[0].getAsObject()->erase("flag");
              }),
              {"flag", "missing value"});
  expectError(readEdited([&](json::Object &O) {
                json::Object *CA = (*Fn0(O)->getArray("checkActs"))[0].getAsObject();
                (*CA->getArray("updates"))[0].getAsObject()->erase("location");
              }),
              {"updates", "a location or a setter"});
  expectError(readEdited([&](json::Object &O) {
                (*Fn0(O)->getArray("checkActs"))[0].getAsObject()->erase("probe");
              }),
              {"probe"});
}

TEST(FactsTest, FieldFunctionsAreValidated) {
  expectError(readEdited([](json::Object &O) { O["fieldFunctions"] = 3; }),
              {"fieldFunctions", "expected an array"});
  expectError(readEdited([](json::Object &O) {
                O["fieldFunctions"] = json::Array{json::Array{"crawler_module::eval"}};
              }),
              {"fieldFunctions", "expected [field, usr]"});
  expectError(readEdited([](json::Object &O) {
                O["fieldFunctions"] = json::Array{json::Array{1, 2}};
              }),
              {"fieldFunctions", "expected [field, usr]"});
}

TEST(FactsTest, MalformedFields) {
  expectError(readEdited([](json::Object &O) { O.erase("functions"); }), {"functions"});
  expectError(readEdited([](json::Object &O) { O.erase("mainFile"); }), {"mainFile"});
  expectError(readEdited([](json::Object &O) { O["files"] = 3; }), {"files"});
  expectError(readEdited([](json::Object &O) { function0(O).erase("usr"); }), {"usr"});
  expectError(readEdited([](json::Object &O) { function0(O)["blocks"] = "x"; }), {"blocks"});
  expectError(readEdited([](json::Object &O) { function0(O)["at"] = json::Array{0, 1}; }),
              {"expected [file, line, column]"});
  expectError(readEdited([](json::Object &O) {
                (*block(O, 0).getArray("events"))[0].getAsObject()->operator[]("kind") =
                    "lock";
              }),
              {"unknown event kind"});
  expectError(readEdited([](json::Object &O) {
                (*block(O, 1).getArray("events"))[0].getAsObject()->erase("callee");
              }),
              {"callee"});
  expectError(readEdited([](json::Object &O) {
                (*block(O, 1).getArray("events"))[0].getAsObject()->operator[]("thisFields") =
                    json::Array{1};
              }),
              {"thisFields", "expected an object"});
  expectError(readEdited([](json::Object &O) {
                (*block(O, 1).getArray("events"))[0].getAsObject()->operator[]("thisFields") =
                    json::Object{{"m_", json::Object{{"fallback", "#x.m"}}}};
              }),
              {"thisFields", "path"});
  expectError(readEdited([](json::Object &O) { block(O, 0).erase("succs"); }),
              {"a block needs events and succs"});
  expectError(readEdited([](json::Object &O) { block(O, 2).erase("exitAt"); }),
              {"exitAt"});
  expectError(readEdited([](json::Object &O) {
                (*(*block(O, 0).getArray("events"))[0].getAsObject()->getArray("locks"))[1] =
                    json::Object{{"fallback", "#x"}};
              }),
              {"path"});
  expectError(readEdited([](json::Object &O) {
                (*(*O.getArray("inputs"))[0].getAsObject())["hash"] = "not-hex";
              }),
              {"inputs"});
  expectError(readEdited([](json::Object &O) {
                (*(*O.getArray("suppressions"))[0].getAsObject()).erase("line");
              }),
              {"line"});
}

// --- the facts cache of analyzeTranslationUnits ---------------------------------------

struct CacheRun {
  unsigned Analyzed = 0, Reused = 0;
  std::vector<std::string> Errors;
  size_t Events = 0; // lock events (not calls) in the facts
};

CacheRun analyzeCached(const TempDir &Dir, const std::string &Source, const ApiModel &Api) {
  AnalyzeOptions Opts;
  Opts.Sources = {Source};
  Opts.ExtraFlags = {"-std=c11"};
  Opts.HasFixedFlags = true;
  Opts.Jobs = 1;
  Opts.FactsDir = Dir.file("facts");
  AnalyzeResult R = analyzeTranslationUnits(Opts, Api);
  CacheRun Out;
  Out.Analyzed = R.Analyzed;
  Out.Reused = R.Reused;
  Out.Errors = R.Errors;
  for (const TranslationUnitFacts &TU : R.Facts)
    for (const FunctionFacts &F : TU.Functions)
      for (const BlockFacts &B : F.Blocks)
        for (const Event &E : B.Events)
          Out.Events += E.Kind != EventKind::Call;
  return Out;
}

const char *const CacheSource = R"(struct L { int x; };
struct L A, B;
void my_lock(struct L *l);
void my_unlock(struct L *l);
void use_it(void);
void f(void) { my_lock(&A); my_lock(&B); use_it(); my_unlock(&B); my_unlock(&A); }
)";

const char *const CacheModel = R"(name: mine
functions:
  - { name: my_lock, effect: acquire }
  - { name: my_unlock, effect: release }
)";

TEST(FactsCacheTest, ReusedWhileCommandAndInputsAreUnchanged) {
  TempDir Dir;
  std::string Source = Dir.file("cached.c");
  Dir.write("cached.c", CacheSource);
  ApiModel Api;
  ASSERT_FALSE(static_cast<bool>(Api.loadYAML(CacheModel, "mine.yaml")));

  CacheRun First = analyzeCached(Dir, Source, Api);
  ASSERT_TRUE(First.Errors.empty()) << First.Errors.front();
  EXPECT_EQ(First.Analyzed, 1u);
  EXPECT_EQ(First.Reused, 0u);
  EXPECT_EQ(First.Events, 4u);

  CacheRun Second = analyzeCached(Dir, Source, Api);
  EXPECT_EQ(Second.Analyzed, 1u);
  EXPECT_EQ(Second.Reused, 1u) << "nothing changed";
  EXPECT_EQ(Second.Events, 4u);

  // An edited input (same size, other content) is parsed again.
  std::string Edited = CacheSource;
  Edited.replace(Edited.find("my_unlock(&A); }"), 16, "my_unlock(&B); }");
  Dir.write("cached.c", Edited);
  CacheRun Third = analyzeCached(Dir, Source, Api);
  EXPECT_EQ(Third.Analyzed, 1u);
  EXPECT_EQ(Third.Reused, 0u) << "the source changed";

  // A torn cache entry is redone, not an error.
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir.file("facts"), EC), End; It != End && !EC;
       It.increment(EC)) {
    llvm::raw_fd_ostream OS(It->path(), EC);
    OS << "{\"format\": \"lockgraph-facts\", \"vers";
  }
  CacheRun Fourth = analyzeCached(Dir, Source, Api);
  EXPECT_TRUE(Fourth.Errors.empty());
  EXPECT_EQ(Fourth.Analyzed, 1u);
  EXPECT_EQ(Fourth.Reused, 0u);
}

TEST(FactsCacheTest, ChangedLockApiModelInvalidatesTheCache) {
  // The facts depend on the lock-API models as much as on the source: my_lock is a
  // plain call without the model and an acquisition with it.
  TempDir Dir;
  std::string Source = Dir.file("cached.c");
  Dir.write("cached.c", CacheSource);
  ApiModel Without;
  CacheRun First = analyzeCached(Dir, Source, Without);
  ASSERT_TRUE(First.Errors.empty()) << First.Errors.front();
  EXPECT_EQ(First.Events, 0u);

  ApiModel With;
  ASSERT_FALSE(static_cast<bool>(With.loadYAML(CacheModel, "mine.yaml")));
  CacheRun Second = analyzeCached(Dir, Source, With);
  EXPECT_EQ(Second.Analyzed, 1u);
  EXPECT_EQ(Second.Reused, 0u) << "a changed lock-API model must invalidate cached facts";
  EXPECT_EQ(Second.Events, 4u);
}

} // namespace

