#include "Facts.h"

#include "lockgraph/InputLimits.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace lockgraph {

namespace json = llvm::json;

// The JSON names of the event and access kinds: one table each, read both ways.
template <typename E> struct Named {
  E Value;
  const char *Name;
};
constexpr Named<EventKind> EventKinds[] = {
    {EventKind::Acquire, "acquire"},   {EventKind::TryAcquire, "try-acquire"},
    {EventKind::Release, "release"},   {EventKind::ReleaseIfHeld, "release-if-held"},
    {EventKind::Call, "call"},         {EventKind::Wait, "wait"},
    {EventKind::Assign, "assign"},     {EventKind::Havoc, "havoc"},
    {EventKind::Access, "access"},     {EventKind::ThreadStart, "thread-start"},
    {EventKind::Block, "block"},       {EventKind::Probe, "probe"}};
constexpr Named<SpinKind> SpinKinds[] = {{SpinKind::PlainFlag, "flag"},
                                         {SpinKind::AtomicFlag, "atomic"},
                                         {SpinKind::TryLock, "trylock"}};
constexpr Named<AccessKind> AccessKinds[] = {{AccessKind::Read, "read"},
                                             {AccessKind::Write, "write"},
                                             {AccessKind::ReadModifyWrite, "rmw"}};

template <typename E, size_t N> static const char *nameOf(const Named<E> (&Table)[N], E V) {
  for (const Named<E> &T : Table)
    if (T.Value == V)
      return T.Name;
  return Table[0].Name;
}

template <typename E, size_t N>
static bool parseName(const Named<E> (&Table)[N], llvm::StringRef S, E &Out) {
  for (const Named<E> &T : Table)
    if (S == T.Name) {
      Out = T.Value;
      return true;
    }
  return false;
}

static json::Array stringArray(const std::vector<std::string> &V) {
  json::Array A;
  for (const std::string &S : V)
    A.push_back(S);
  return A;
}

static json::Value toJSON(const Site &S) { return json::Array{S.File, S.Line, S.Column}; }

static json::Value toJSON(const LockRef &L) {
  json::Object O{{"path", L.Path}};
  if (!L.Fallback.empty())
    O["fallback"] = L.Fallback;
  if (L.Recursive)
    O["recursive"] = true;
  if (!L.Spelling.empty())
    O["spelling"] = L.Spelling;
  if (L.ThroughPointer)
    O["throughPointer"] = true;
  return O;
}

static json::Value toJSON(const Event &E) {
  json::Object O{{"kind", nameOf(EventKinds, E.Kind)}, {"at", toJSON(E.At)}};
  if (!E.Locks.empty()) {
    json::Array Locks;
    for (const LockRef &L : E.Locks)
      Locks.push_back(toJSON(L));
    O["locks"] = std::move(Locks);
  }
  if (E.Shared)
    O["shared"] = true;
  if (E.Group)
    O["group"] = true;
  if (E.TryId >= 0)
    O["try"] = E.TryId;
  if (E.Kind == EventKind::Assign || E.Kind == EventKind::Havoc ||
      E.Kind == EventKind::Probe || !E.Var.empty())
    O["var"] = E.Var;
  if (E.Kind == EventKind::Assign || E.Value)
    O["value"] = E.Value;
  if (E.Kind == EventKind::Access) {
    O["location"] = toJSON(E.Location);
    O["access"] = nameOf(AccessKinds, E.Access);
    if (!E.DeclaredGuard.Path.empty())
      O["guardedBy"] = toJSON(E.DeclaredGuard);
  }
  if (E.Kind == EventKind::Block || (E.Kind == EventKind::Wait && !E.CalleeName.empty()))
    O["calleeName"] = E.CalleeName;
  if (E.Kind == EventKind::ThreadStart) {
    O["callee"] = E.Callee;
    O["calleeName"] = E.CalleeName;
    if (!E.DataCallee.empty())
      O["dataCallee"] = E.DataCallee;
    if (E.DataParam >= 0)
      O["dataParam"] = E.DataParam;
  }
  if (E.Param >= 0)
    O["param"] = E.Param;
  if (!E.CalleeField.empty())
    O["calleeField"] = E.CalleeField;
  if (E.Output)
    O["output"] = true;
  if (!E.FunctionArgs.empty()) {
    json::Array Fns;
    for (const std::string &F : E.FunctionArgs)
      Fns.push_back(F);
    O["functionArgs"] = std::move(Fns);
  }
  if (E.Kind == EventKind::Call) {
    if (E.Virtual)
      O["virtual"] = true;
    if (!E.Signature.empty())
      O["signature"] = E.Signature;
    O["callee"] = E.Callee;
    O["calleeName"] = E.CalleeName;
    json::Array Args;
    for (const LockRef &A : E.Args)
      Args.push_back(toJSON(A));
    O["args"] = std::move(Args);
    if (!E.ArgValues.empty())
      O["argValues"] = E.ArgValues;
    if (!E.This.Path.empty())
      O["this"] = toJSON(E.This);
    if (!E.ThisFields.empty()) {
      json::Object Fields;
      for (const FieldBinding &B : E.ThisFields)
        Fields[B.Field] = toJSON(B.Target);
      O["thisFields"] = std::move(Fields);
    }
  }
  return O;
}

static json::Array
fieldFunctionsArray(const std::vector<std::pair<std::string, std::string>> &Pairs) {
  json::Array Out;
  for (const auto &[Field, Usr] : Pairs)
    Out.push_back(json::Array{Field, Usr});
  return Out;
}

json::Value toJSON(const TranslationUnitFacts &TU) {
  json::Array Inputs, Files, Functions, Suppressions;
  for (const InputFile &I : TU.Inputs)
    Inputs.push_back(json::Object{{"path", I.Path}, {"hash", llvm::utohexstr(I.Hash)}});
  for (const std::string &F : TU.Files)
    Files.push_back(F);
  for (const FunctionFacts &F : TU.Functions) {
    json::Array Blocks, Params;
    for (const std::string &P : F.ParamNames)
      Params.push_back(P);
    for (const BlockFacts &B : F.Blocks) {
      json::Array Events, Succs;
      for (const Event &E : B.Events)
        Events.push_back(toJSON(E));
      for (const Successor &S : B.Succs) {
        if (S.TryId < 0 && S.Cond.empty()) {
          Succs.push_back(S.Block);
          continue;
        }
        json::Object SO{{"to", S.Block}};
        if (S.TryId >= 0) {
          SO["try"] = S.TryId;
          SO["succeeded"] = S.TrySucceeded;
        }
        if (!S.Cond.empty()) {
          SO["cond"] = S.Cond;
          SO["value"] = S.CondValue;
        }
        Succs.push_back(std::move(SO));
      }
      json::Object BO{{"events", std::move(Events)}, {"succs", std::move(Succs)}};
      if (B.ReachesExit) {
        BO["exit"] = true;
        BO["exitAt"] = toJSON(B.ExitSite);
      }
      if (B.ReturnValue)
        BO["returns"] = *B.ReturnValue;
      if (!B.ReturnCond.empty()) {
        BO["returnsVar"] = B.ReturnCond;
        BO["returnsVarValue"] = B.ReturnCondValue;
      }
      Blocks.push_back(std::move(BO));
    }
    json::Object FO{{"usr", F.Usr},
                    {"name", F.Name},
                    {"at", toJSON(F.Loc)},
                    {"params", std::move(Params)},
                    {"entry", F.Entry},
                    {"exit", F.Exit},
                    {"blocks", std::move(Blocks)}};
    if (!F.Signature.empty())
      FO["signature"] = F.Signature;
    if (F.ReturnsPointer)
      FO["returnsPointer"] = true;
    if (!F.ParamVars.empty())
      FO["paramVars"] = stringArray(F.ParamVars);
    if (!F.Overrides.empty())
      FO["overrides"] = stringArray(F.Overrides);
    if (!F.Spins.empty()) {
      json::Array Spins;
      for (const SpinLoop &L : F.Spins) {
        json::Object LO{{"at", toJSON(L.At)},
                        {"kind", nameOf(SpinKinds, L.Kind)},
                        {"flag", toJSON(L.Flag)}};
        if (L.Pauses)
          LO["pauses"] = true;
        Spins.push_back(std::move(LO));
      }
      FO["spins"] = std::move(Spins);
    }
    if (!F.CheckActs.empty()) {
      json::Array Checks;
      for (const CheckAct &CA : F.CheckActs) {
        json::Array Reads, Updates;
        for (const LockRef &R : CA.Reads)
          Reads.push_back(toJSON(R));
        for (const CheckActUpdate &U : CA.Updates) {
          json::Object UO{{"at", toJSON(U.At)}, {"probe", U.Probe}};
          if (!U.Setter.empty()) {
            UO["setter"] = U.Setter;
            UO["setterName"] = U.SetterName;
          } else {
            UO["location"] = toJSON(U.Location);
          }
          Updates.push_back(std::move(UO));
        }
        Checks.push_back(json::Object{{"at", toJSON(CA.At)},
                                      {"probe", CA.Probe},
                                      {"reads", std::move(Reads)},
                                      {"getters", stringArray(CA.Getters)},
                                      {"updates", std::move(Updates)}});
      }
      FO["checkActs"] = std::move(Checks);
    }
    Functions.push_back(std::move(FO));
  }
  for (const SuppressionComment &S : TU.Suppressions) {
    json::Array Ids;
    for (const std::string &Id : S.Ids)
      Ids.push_back(Id);
    Suppressions.push_back(
        json::Object{{"file", S.File}, {"line", S.Line}, {"ids", std::move(Ids)}});
  }
  return json::Object{{"format", "lockgraph-facts"},
                      {"version", FactsFormatVersion},
                      {"mainFile", TU.MainFile},
                      {"commandHash", TU.CommandHash},
                      {"inputs", std::move(Inputs)},
                      {"files", std::move(Files)},
                      {"functions", std::move(Functions)},
                      {"suppressions", std::move(Suppressions)},
                      {"addressTaken", stringArray(TU.AddressTaken)},
                      {"fieldFunctions", fieldFunctionsArray(TU.FieldFunctions)},
                      {"recursiveLocks", stringArray(TU.RecursiveLocks)}};
}

// --- reading -------------------------------------------------------------------

namespace {
// llvm::json reads 64-bit integers; the format's indexes and lines are 32-bit.
bool mapU32(const json::ObjectMapper &M, const json::Object *O, llvm::StringRef Key,
            uint32_t &Out, json::Path P) {
  std::optional<uint64_t> V = O ? (O->get(Key) ? O->get(Key)->getAsUINT64() : std::nullopt)
                                : std::nullopt;
  if (!V || *V > UINT32_MAX) {
    P.field(Key).report("expected an unsigned 32-bit integer");
    return false;
  }
  Out = *V;
  return true;
}

// Reads with json::Path so a malformed file names the field that is wrong.
struct Reader {
  bool site(const json::Value *V, Site &S, json::Path P) {
    const json::Array *A = V ? V->getAsArray() : nullptr;
    if (!A || A->size() != 3) {
      P.report("expected [file, line, column]");
      return false;
    }
    auto F = (*A)[0].getAsUINT64(), L = (*A)[1].getAsUINT64(), C = (*A)[2].getAsUINT64();
    if (!F || !L || !C) {
      P.report("expected integers");
      return false;
    }
    S.File = *F;
    S.Line = *L;
    S.Column = *C;
    return true;
  }

  bool lock(const json::Value &V, LockRef &L, json::Path P) {
    json::ObjectMapper O(V, P);
    return O && O.map("path", L.Path) && O.mapOptional("fallback", L.Fallback) &&
           O.mapOptional("recursive", L.Recursive) && O.mapOptional("spelling", L.Spelling) &&
           O.mapOptional("throughPointer", L.ThroughPointer);
  }

  bool locks(const json::Value *V, std::vector<LockRef> &Out, json::Path P) {
    if (!V)
      return true;
    const json::Array *A = V->getAsArray();
    if (!A) {
      P.report("expected an array");
      return false;
    }
    Out.resize(A->size());
    for (size_t I = 0; I < A->size(); ++I)
      if (!lock((*A)[I], Out[I], P.index(I)))
        return false;
    return true;
  }

  bool event(const json::Value &V, Event &E, json::Path P) {
    const json::Object *O = V.getAsObject();
    if (!O) {
      P.report("expected an event object");
      return false;
    }
    std::string Kind;
    json::ObjectMapper M(V, P);
    if (!M.map("kind", Kind))
      return false;
    if (!parseName(EventKinds, Kind, E.Kind)) {
      P.field("kind").report("unknown event kind");
      return false;
    }
    if (!site(O->get("at"), E.At, P.field("at")) ||
        !locks(O->get("locks"), E.Locks, P.field("locks")) ||
        !M.mapOptional("shared", E.Shared) || !M.mapOptional("group", E.Group) ||
        !M.mapOptional("try", E.TryId))
      return false;
    if (E.Kind == EventKind::Assign &&
        (!M.map("var", E.Var) || !M.map("value", E.Value)))
      return false;
    if ((E.Kind == EventKind::Havoc || E.Kind == EventKind::Probe) && !M.map("var", E.Var))
      return false;
    if (E.Kind != EventKind::Assign && !M.mapOptional("value", E.Value))
      return false;
    if (E.Kind == EventKind::Block &&
        (!M.map("calleeName", E.CalleeName) || !M.mapOptional("output", E.Output)))
      return false;
    if (E.Kind == EventKind::Wait && !M.mapOptional("calleeName", E.CalleeName))
      return false;
    if (E.Kind == EventKind::ThreadStart &&
        (!M.map("callee", E.Callee) || !M.mapOptional("calleeName", E.CalleeName) ||
         !M.mapOptional("dataCallee", E.DataCallee) || !M.mapOptional("dataParam", E.DataParam)))
      return false;
    if ((E.Kind == EventKind::ThreadStart || E.Kind == EventKind::Call) &&
        (!M.mapOptional("param", E.Param) || !M.mapOptional("functionArgs", E.FunctionArgs)))
      return false;
    if (E.Kind == EventKind::Access) {
      std::string Access;
      const json::Value *Location = O->get("location");
      if (!Location) {
        P.field("location").report("missing value");
        return false;
      }
      if (!lock(*Location, E.Location, P.field("location")) || !M.map("access", Access))
        return false;
      if (!parseName(AccessKinds, Access, E.Access)) {
        P.field("access").report("expected read, write or rmw");
        return false;
      }
      if (const json::Value *G = O->get("guardedBy"))
        if (!lock(*G, E.DeclaredGuard, P.field("guardedBy")))
          return false;
    }
    if (E.Kind == EventKind::Call && !M.mapOptional("var", E.Var))
      return false;
    if (E.Kind == EventKind::Call) {
      if (!M.map("callee", E.Callee) || !M.mapOptional("calleeName", E.CalleeName) ||
          !M.mapOptional("virtual", E.Virtual) || !M.mapOptional("signature", E.Signature) ||
          !M.mapOptional("argValues", E.ArgValues) ||
          !M.mapOptional("calleeField", E.CalleeField) ||
          !locks(O->get("args"), E.Args, P.field("args")))
        return false;
      if (E.ArgValues.find_first_not_of("01?") != std::string::npos) {
        P.field("argValues").report("expected only '0', '1' and '?'");
        return false;
      }
      if (const json::Value *T = O->get("this"))
        if (!lock(*T, E.This, P.field("this")))
          return false;
      if (const json::Value *F = O->get("thisFields")) {
        const json::Object *Fields = F->getAsObject();
        if (!Fields) {
          P.field("thisFields").report("expected an object");
          return false;
        }
        for (const auto &[Name, Target] : *Fields) {
          FieldBinding B;
          B.Field = Name.str();
          if (!lock(Target, B.Target, P.field("thisFields").field(Name)))
            return false;
          E.ThisFields.push_back(std::move(B));
        }
        // json::Object is unordered: keep the facts deterministic.
        std::sort(E.ThisFields.begin(), E.ThisFields.end(),
                  [](const FieldBinding &A, const FieldBinding &B) { return A.Field < B.Field; });
      }
    }
    return true;
  }

  bool block(const json::Value &V, BlockFacts &B, json::Path P) {
    const json::Object *O = V.getAsObject();
    if (!O) {
      P.report("expected a block object");
      return false;
    }
    const json::Array *Events = O->getArray("events");
    const json::Array *Succs = O->getArray("succs");
    if (!Events || !Succs) {
      P.report("a block needs events and succs");
      return false;
    }
    B.Events.resize(Events->size());
    for (size_t I = 0; I < Events->size(); ++I)
      if (!event((*Events)[I], B.Events[I], P.field("events").index(I)))
        return false;
    for (size_t I = 0; I < Succs->size(); ++I) {
      const json::Value &S = (*Succs)[I];
      Successor Out;
      if (auto N = S.getAsUINT64()) {
        Out.Block = *N;
      } else {
        json::Path SuccsPath = P.field("succs"); // outlives the mapper pointing into it
        json::Path SP = SuccsPath.index(I);
        json::ObjectMapper SM(S, SP);
        if (!SM || !mapU32(SM, S.getAsObject(), "to", Out.Block, SP) ||
            !SM.mapOptional("try", Out.TryId) ||
            !SM.mapOptional("succeeded", Out.TrySucceeded) ||
            !SM.mapOptional("cond", Out.Cond) || !SM.mapOptional("value", Out.CondValue))
          return false;
      }
      B.Succs.push_back(Out);
    }
    B.ReachesExit = O->getBoolean("exit").value_or(false);
    if (B.ReachesExit && !site(O->get("exitAt"), B.ExitSite, P.field("exitAt")))
      return false;
    json::ObjectMapper M(V, P);
    if (!M.mapOptional("returns", B.ReturnValue) ||
        !M.mapOptional("returnsVar", B.ReturnCond) ||
        !M.mapOptional("returnsVarValue", B.ReturnCondValue))
      return false;
    return true;
  }

  bool function(const json::Value &V, FunctionFacts &F, json::Path P) {
    json::ObjectMapper M(V, P);
    const json::Object *O = V.getAsObject();
    if (!M || !M.map("usr", F.Usr) || !M.map("name", F.Name) ||
        !M.map("params", F.ParamNames) || !mapU32(M, O, "entry", F.Entry, P) ||
        !mapU32(M, O, "exit", F.Exit, P) || !M.mapOptional("signature", F.Signature) ||
        !M.mapOptional("returnsPointer", F.ReturnsPointer) ||
        !M.mapOptional("overrides", F.Overrides) ||
        !M.mapOptional("paramVars", F.ParamVars) ||
        !site(O->get("at"), F.Loc, P.field("at")))
      return false;
    if (const json::Value *Spins = O->get("spins")) {
      const json::Array *A = Spins->getAsArray();
      if (!A) {
        P.field("spins").report("expected an array");
        return false;
      }
      json::Path SpinsP = P.field("spins"); // a Path refers to its parent: keep it alive
      for (size_t I = 0; I < A->size(); ++I) {
        json::Path SP = SpinsP.index(I);
        json::ObjectMapper SM((*A)[I], SP);
        const json::Object *SO = (*A)[I].getAsObject();
        SpinLoop L;
        std::string Kind;
        if (!SM || !site(SO->get("at"), L.At, SP.field("at")) || !SM.map("kind", Kind) ||
            !SM.mapOptional("pauses", L.Pauses))
          return false;
        if (!SO->get("flag")) {
          SP.field("flag").report("missing value");
          return false;
        }
        if (!lock(*SO->get("flag"), L.Flag, SP.field("flag")))
          return false;
        if (!parseName(SpinKinds, Kind, L.Kind)) {
          SP.field("kind").report("expected flag, atomic or trylock");
          return false;
        }
        F.Spins.push_back(std::move(L));
      }
    }
    if (const json::Value *Checks = O->get("checkActs")) {
      const json::Array *A = Checks->getAsArray();
      if (!A) {
        P.field("checkActs").report("expected an array");
        return false;
      }
      json::Path ChecksP = P.field("checkActs");
      for (size_t I = 0; I < A->size(); ++I) {
        json::Path CP = ChecksP.index(I);
        json::ObjectMapper CM((*A)[I], CP);
        const json::Object *CO = (*A)[I].getAsObject();
        CheckAct CA;
        if (!CM || !site(CO->get("at"), CA.At, CP.field("at")) || !mapU32(CM, CO, "probe", CA.Probe, CP) ||
            !locks(CO->get("reads"), CA.Reads, CP.field("reads")) ||
            !CM.map("getters", CA.Getters))
          return false;
        const json::Array *Updates = CO->getArray("updates");
        if (!Updates) {
          CP.field("updates").report("expected an array");
          return false;
        }
        json::Path UpdatesP = CP.field("updates");
        for (size_t K = 0; K < Updates->size(); ++K) {
          json::Path UP = UpdatesP.index(K);
          json::ObjectMapper UM((*Updates)[K], UP);
          const json::Object *UO = (*Updates)[K].getAsObject();
          CheckActUpdate U;
          if (!UM || !site(UO->get("at"), U.At, UP.field("at")) || !mapU32(UM, UO, "probe", U.Probe, UP) ||
              !UM.mapOptional("setter", U.Setter) || !UM.mapOptional("setterName", U.SetterName))
            return false;
          if (U.Setter.empty() &&
              (!UO->get("location") || !lock(*UO->get("location"), U.Location, UP.field("location")))) {
            UP.field("location").report("expected a location or a setter");
            return false;
          }
          CA.Updates.push_back(std::move(U));
        }
        F.CheckActs.push_back(std::move(CA));
      }
    }
    const json::Array *Blocks = O->getArray("blocks");
    if (!Blocks) {
      P.field("blocks").report("expected an array");
      return false;
    }
    F.Blocks.resize(Blocks->size());
    for (size_t I = 0; I < Blocks->size(); ++I)
      if (!block((*Blocks)[I], F.Blocks[I], P.field("blocks").index(I)))
        return false;
    if (F.Entry >= F.Blocks.size() || F.Exit >= F.Blocks.size()) {
      P.field("entry").report("entry block out of range");
      return false;
    }
    for (const BlockFacts &B : F.Blocks)
      for (const Successor &S : B.Succs)
        if (S.Block >= F.Blocks.size()) {
          P.field("blocks").report("successor out of range");
          return false;
        }
    return true;
  }
};
} // namespace

llvm::Expected<TranslationUnitFacts> factsFromJSON(const json::Value &V) {
  json::Path::Root Root("facts");
  json::Path P(Root);
  TranslationUnitFacts TU;
  const json::Object *O = V.getAsObject();
  auto Fail = [&]() {
    std::string Msg;
    llvm::raw_string_ostream OS(Msg);
    OS << llvm::toString(Root.getError());
    return llvm::createStringError(llvm::inconvertibleErrorCode(), Msg);
  };
  if (!O || O->getString("format") != "lockgraph-facts")
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "not a lockgraph facts file");
  if (O->getInteger("version") != FactsFormatVersion)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "facts format version %lld, expected %d",
                                   (long long)O->getInteger("version").value_or(-1),
                                   FactsFormatVersion);
  Reader R;
  json::ObjectMapper M(V, P);
  if (!M.map("mainFile", TU.MainFile) || !M.map("commandHash", TU.CommandHash) ||
      !M.map("files", TU.Files) || !M.mapOptional("addressTaken", TU.AddressTaken) ||
      !M.mapOptional("recursiveLocks", TU.RecursiveLocks))
    return Fail();
  if (const json::Value *FF = O->get("fieldFunctions")) {
    const json::Array *Pairs = FF->getAsArray();
    if (!Pairs) {
      P.field("fieldFunctions").report("expected an array");
      return Fail();
    }
    for (size_t I = 0; I < Pairs->size(); ++I) {
      const json::Array *Pair = (*Pairs)[I].getAsArray();
      if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() || !(*Pair)[1].getAsString()) {
        P.field("fieldFunctions").index(I).report("expected [field, usr]");
        return Fail();
      }
      TU.FieldFunctions.push_back({(*Pair)[0].getAsString()->str(), (*Pair)[1].getAsString()->str()});
    }
  }
  if (const json::Array *Inputs = O->getArray("inputs"))
    for (const json::Value &I : *Inputs) {
      const json::Object *IO = I.getAsObject();
      InputFile F;
      if (!IO || !IO->getString("path") || !IO->getString("hash") ||
          IO->getString("hash")->getAsInteger(16, F.Hash))
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "facts.inputs: malformed entry");
      F.Path = IO->getString("path")->str();
      TU.Inputs.push_back(std::move(F));
    }
  const json::Array *Functions = O->getArray("functions");
  if (!Functions)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "facts.functions: expected an array");
  TU.Functions.resize(Functions->size());
  for (size_t I = 0; I < Functions->size(); ++I)
    if (!R.function((*Functions)[I], TU.Functions[I], P.field("functions").index(I)))
      return Fail();
  if (const json::Array *Sups = O->getArray("suppressions"))
    for (size_t I = 0; I < Sups->size(); ++I) {
      SuppressionComment S;
      // A json::Path points at its parent: every level must outlive its children.
      json::Path Sup = P.field("suppressions");
      json::Path SP = Sup.index(I);
      json::ObjectMapper SM((*Sups)[I], SP);
      const json::Object *SO = (*Sups)[I].getAsObject();
      if (!SM || !mapU32(SM, SO, "file", S.File, SP) || !mapU32(SM, SO, "line", S.Line, SP) ||
          !SM.map("ids", S.Ids))
        return Fail();
      TU.Suppressions.push_back(std::move(S));
    }
  auto CheckFile = [&](uint32_t F) { return F < TU.Files.size(); };
  for (const SuppressionComment &S : TU.Suppressions)
    if (!CheckFile(S.File))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "facts: suppression file index %u out of range",
                                     S.File);
  for (const FunctionFacts &F : TU.Functions) {
    bool Ok = CheckFile(F.Loc.File);
    for (const BlockFacts &B : F.Blocks) {
      Ok = Ok && (!B.ReachesExit || CheckFile(B.ExitSite.File));
      for (const Event &E : B.Events)
        Ok = Ok && CheckFile(E.At.File);
    }
    if (!Ok)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "facts: file index out of range in '%s'",
                                     F.Name.c_str());
  }
  return TU;
}

llvm::Error writeFactsFile(llvm::StringRef Path, const TranslationUnitFacts &TU) {
  // Write to a temporary and rename, so a killed run never leaves a torn file.
  std::string Tmp = (Path + ".tmp").str();
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Tmp, EC, llvm::sys::fs::OF_None);
    if (EC)
      return llvm::createStringError(EC, "cannot write '%s': %s", Tmp.c_str(),
                                     EC.message().c_str());
    OS << toJSON(TU);
    if (OS.has_error())
      return llvm::createStringError(OS.error(), "cannot write '%s'", Tmp.c_str());
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Path))
    return llvm::createStringError(EC, "cannot rename '%s': %s", Tmp.c_str(),
                                   EC.message().c_str());
  return llvm::Error::success();
}

llvm::Expected<TranslationUnitFacts> readFactsFile(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read '%s': %s",
                                   Path.str().c_str(), Buf.getError().message().c_str());
  if (std::string Deep = jsonNestingError((*Buf)->getBuffer()); !Deep.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "'%s': %s",
                                   Path.str().c_str(), Deep.c_str());
  auto V = json::parse((*Buf)->getBuffer());
  if (!V)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "'%s': %s",
                                   Path.str().c_str(),
                                   llvm::toString(V.takeError()).c_str());
  auto TU = factsFromJSON(*V);
  if (!TU)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "'%s': %s",
                                   Path.str().c_str(),
                                   llvm::toString(TU.takeError()).c_str());
  return TU;
}

} // namespace lockgraph
