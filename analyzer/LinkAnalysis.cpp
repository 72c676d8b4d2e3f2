#include "LinkAnalysis.h"

#include "LockPath.h"
#include "Lockset.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace lockgraph {
namespace {

struct AcquiredLock {
  LockId Lock = NoLock;
  bool Shared = false;
  bool Must = false; // taken on every path through the function
  bool Reacquire = false; // the function first gives up the caller's hold of it
  ProgramSite Site;
  std::vector<CallStep> Chain;
  std::vector<LockId> Inner; // held meanwhile inside the function, sorted
  // Sorted; the caller's locks this function released first on every path to it (an
  // error path that unlocks, then reports through a helper that locks): no order edge.
  std::vector<LockId> ReleasedBefore;
  bool operator==(const AcquiredLock &O) const {
    return Lock == O.Lock && Shared == O.Shared && Must == O.Must &&
           Reacquire == O.Reacquire && Site == O.Site && Chain == O.Chain &&
           Inner == O.Inner && ReleasedBefore == O.ReleasedBefore;
  }
};

// Returned held on some paths only.
struct MayAcquired {
  LockId Lock = NoLock;
  bool Shared = false;
  // Held exactly when the result is nonzero (true) or zero (false): a lookup that
  // returns the entry locked, or NULL.
  std::optional<bool> IffResult;
  bool operator==(const MayAcquired &O) const {
    return Lock == O.Lock && Shared == O.Shared && IffResult == O.IffResult;
  }
};

// A blocking call the function makes holding none of its own locks: its callers block
// holding theirs.
struct BlockingCall {
  std::string What;
  bool Sleep = false;
  bool Output = false; // reported where made, never through callers (FunctionModel::Output)
  ProgramSite Site; // in the function: the blocking call, or the call leading to it
  std::vector<CallStep> Chain;
  LockId WaitLock = NoLock; // a condition wait's mutex: the wait gives it up
  std::vector<LockId> ReleasedBefore; // the caller's locks released first on every path
  bool operator==(const BlockingCall &O) const {
    return What == O.What && Site == O.Site && Chain == O.Chain && WaitLock == O.WaitLock &&
           ReleasedBefore == O.ReleasedBefore && Sleep == O.Sleep && Output == O.Output;
  }
};

struct Summary {
  std::vector<AcquiredLock> Acquires;
  std::vector<BlockingCall> Blocks; // a few, first in walk order
  std::vector<std::pair<LockId, bool>> NetAcquire; // lock, shared
  std::vector<MayAcquired> MayAcquire;
  std::vector<LockId> NetRelease;
  std::vector<EdgeObservation> SymEdges;
  // Some path reaches a return: a function that always ends in exit() or abort(), with
  // or without a noreturn attribute, ends its callers' paths too.
  bool Returns = true;
  // A recursive component has converged when no summary changes at all: a different
  // lock or a Must flag matters as much as a different count.
  bool operator==(const Summary &O) const {
    return Acquires == O.Acquires && NetAcquire == O.NetAcquire &&
           MayAcquire == O.MayAcquire && NetRelease == O.NetRelease &&
           SymEdges == O.SymEdges && Returns == O.Returns && Blocks == O.Blocks;
  }
  bool operator!=(const Summary &O) const { return !(*this == O); }
};

// An event with its locks interned once, not at every visit of the fixpoint.
struct PreparedEvent {
  const Event *E = nullptr;
  std::vector<LockId> Locks;
  int Callee = -1;                            // function index, -1 when not defined
  std::vector<int> Targets;                   // a virtual or pointer call's candidates
  int Var = -1; // Assign, Havoc, a tested call's result: the function's variable number
  mutable llvm::DenseMap<LockId, LockId> Subst; // callee lock -> caller lock
};

struct PreparedFunction {
  std::vector<std::vector<PreparedEvent>> Blocks;
  std::vector<std::vector<int>> SuccCond; // per block, per successor: variable or -1
  std::vector<int> ReturnVar;              // per block: the returned variable or -1
  std::vector<int> ParamVar;               // per parameter: its variable or -1
};

struct CallContext {
  int Callee;
  std::vector<LockId> Held;    // concrete locks held on every path to the call
  std::vector<LockId> MayHeld; // and on some paths (an array element taken in a loop)
  bool BeforeThreads = false;  // made by main before it can have started a thread
};

struct FunctionResult {
  Summary Sum;
  std::vector<LockId> Foreign; // released here without being held: the caller's locks
  Observations Obs;
  std::vector<CallContext> Calls;
};

// The state on one normal return.
struct ExitState {
  ProgramSite Site;
  LockState S;
  uint32_t Block;
};

// Whether L is returned held exactly when the result is nonzero (true) or zero (false),
// judged at every return: `return NULL` unlocked, `return entry` locked iff entry.
std::optional<bool> heldIffResult(const FunctionFacts &F, const PreparedFunction &PF,
                                  LockId L, const std::vector<ExitState> &Exits) {
  for (bool WhenNonzero : {true, false}) {
    bool Consistent = !Exits.empty();
    for (const ExitState &X : Exits) {
      const BlockFacts &B = F.Blocks[X.Block];
      const HeldLock *H = X.S.held(L);
      std::optional<bool> Nonzero = B.ReturnValue;
      int Var = PF.ReturnVar[X.Block];
      if (!Nonzero && Var >= 0) {
        auto It = std::lower_bound(X.S.Assumed.begin(), X.S.Assumed.end(),
                                   Assumption(Var, false));
        if (It != X.S.Assumed.end() && It->first == (uint32_t)Var)
          Nonzero = It->second == B.ReturnCondValue;
      }
      if (Nonzero) {
        Consistent = *Nonzero == WhenNonzero ? H && H->Must : !H;
      } else if (Var >= 0) {
        Assumption When(Var, WhenNonzero ? B.ReturnCondValue : !B.ReturnCondValue);
        Consistent = H && !H->Must && H->MustWhen == When &&
                     std::binary_search(H->Under.begin(), H->Under.end(), When);
      } else {
        Consistent = false;
      }
      if (!Consistent)
        break;
    }
    if (Consistent)
      return WhenNonzero;
  }
  return std::nullopt;
}

std::vector<LockId> without(std::vector<LockId> Ids, LockId A, LockId B = NoLock) {
  Ids.erase(std::remove_if(Ids.begin(), Ids.end(),
                           [&](LockId L) { return L == A || L == B; }),
            Ids.end());
  return Ids;
}

class Linker {
public:
  Linker(Program &P, const LinkLimits &Limits) : P(P), Limits(Limits) {}
  Observations run();

private:
  void prepare();
  // Assumed: what the entry knows of the parameters (a call's constant arguments).
  FunctionResult analyze(uint32_t Fn, const std::vector<Assumption> &Assumed = {});
  // The callee's parameters that the call passes as constants and the callee tests.
  std::vector<Assumption> constantParams(const PreparedEvent &PE, int Callee) const;
  // Summaries of Fn's callees for the constant arguments Fn passes them, computed once
  // the callees' own summaries are final.
  void specializeCalls(uint32_t Fn);
  const Summary &summaryAt(const PreparedEvent &PE, int Callee) const;
  void transfer(uint32_t Fn, LockState &S, const PreparedEvent &PE, FunctionResult *Out);
  void transferCall(uint32_t Fn, LockState &S, const PreparedEvent &PE, FunctionResult *Out);
  void transferCallee(uint32_t Fn, LockState &S, const PreparedEvent &PE, int Callee,
                      bool Indirect, FunctionResult *Out);
  LockState along(const LockState &Out, const Successor &Edge, int Cond) const;
  void release(uint32_t Fn, LockState &S, LockId L, ProgramSite Site, bool Explicit,
               std::vector<CallStep> Chain, FunctionResult *Out);
  LockId substitute(const PreparedEvent &PE, LockId CalleeLock);
  // The type-and-field lock L is an instance of (its kind), or NoLock.
  LockId typeFallbackOf(LockId L);
  // A symbolic lock's kind, for edges no call site binds; other locks stay as they are.
  LockId fallbackOf(LockId L);
  // Shared-data rules (AccessObservation): the lock as a guard, and one access.
  LockId dataGuardOf(LockId L);
public:
  static bool byKind(const LockRef &R);

private:
  std::optional<AccessObservation> accessAt(uint32_t Fn, const LockState &S, const Event &E,
                                            ProgramSite Site);
  void addEdge(FunctionResult *Out, EdgeObservation E);
  // Gates serialize a cycle only when every edge holds the very same object: a global
  // or static, or a path from one root. A lock that stands for many objects (an array
  // element, a field behind an unbound pointer) never is one.
  static bool isInstanceGate(const LockInfo &L) { return L.Exact && !L.Symbolic; }
  void keepInstanceGates(std::vector<LockId> &Gates) const;
  // `this->mu_` held around `this->a` -> `this->b`: when the edge's locks are direct
  // fields of the gate's root, the same a and b mean the same object, so the same mu_.
  bool sameRootGate(const EdgeObservation &E, LockId Gate) const;
  // An edge from every lock held in S (but To and those in Skip) to To.
  void edgesInto(uint32_t Fn, const LockState &S, LockId To, bool ToShared, ProgramSite Site,
                 const std::vector<CallStep> &Chain, const std::vector<LockId> &ExtraGates,
                 llvm::ArrayRef<LockId> Skip, FunctionResult *Out);
  void addAcquire(FunctionResult *Out, AcquiredLock A);
  // A blocking call at Site: a finding when S holds locks other than the ones the call
  // gives up (Exempt), else part of the summary for the callers.
  void blockingCall(uint32_t Fn, const LockState &S, BlockingCall B,
                    llvm::ArrayRef<LockId> Exempt, FunctionResult *Out);
  std::vector<CallStep> chainThrough(const std::string &CalleeName,
                                     const AcquiredLock &A) const;

  Program &P;
  const LinkLimits &Limits;
  // Releases of the caller's locks count only on paths that can still return: an
  // error path that unlocks and then exits hands nothing back (final walk only).
  bool OnReturningPath = true;
  // Per function, per parameter: every visible call passes the address of the
  // caller's own local (`check(&local_stats)`): the callee's accesses through it touch
  // that local (AccessObservation::LocalObject).
  std::vector<std::vector<bool>> LocalParams;
  void findLocalParams();
  // main's events that run before any thread can exist (markBeforeThreads).
  llvm::DenseSet<const Event *> BeforeThreads;
  void markBeforeThreads();
  // Tested blocking acquisitions (try ids) of the function being analyzed whose failure
  // branch runs back into code the success path reaches still holding the lock: the
  // failure is only logged and the code goes on as if locked (unbound's LOCKRET), and
  // so does the analysis. A failure branch that leaves (pbzip2: report, then exit) or
  // that meets the success path only after its unlock (rsyslog: goto finalize_it) does
  // not hold the lock.
  std::vector<int> RejoiningTries;
  void findRejoiningTries(const FunctionFacts &F, const PreparedFunction &PF);
  std::vector<PreparedFunction> Prepared;
  std::vector<Summary> Summaries;
  std::vector<bool> Final; // the summary no longer changes (its component is done)
  std::map<std::pair<uint32_t, std::vector<Assumption>>, Summary> Specialized;
  uint32_t Current = 0;
};

void Linker::prepare() {
  const auto &Fns = P.functions();
  Prepared.resize(Fns.size());
  for (uint32_t I = 0; I < Fns.size(); ++I) {
    const FunctionFacts &F = *Fns[I].Facts;
    PreparedFunction &PF = Prepared[I];
    PF.Blocks.resize(F.Blocks.size());
    PF.SuccCond.resize(F.Blocks.size());
    PF.ReturnVar.assign(F.Blocks.size(), -1);
    llvm::StringMap<int> Vars;
    auto VarNumber = [&](const std::string &Key) {
      return Key.empty() ? -1 : Vars.try_emplace(Key, (int)Vars.size()).first->second;
    };
    for (uint32_t B = 0; B < F.Blocks.size(); ++B) {
      for (const Successor &S : F.Blocks[B].Succs)
        PF.SuccCond[B].push_back(VarNumber(S.Cond));
      PF.ReturnVar[B] = VarNumber(F.Blocks[B].ReturnCond);
      for (const Event &E : F.Blocks[B].Events) {
        PreparedEvent PE;
        PE.E = &E;
        for (const LockRef &L : E.Locks)
          PE.Locks.push_back(P.Locks.intern(L));
        PE.Var = E.Kind == EventKind::Probe ? -1 : VarNumber(E.Var);
        if (E.Kind == EventKind::Call) {
          const ProgramFunction *Callee = P.function(E.Callee);
          PE.Callee = Callee ? Callee - Fns.data() : -1;
          if (E.Virtual || !E.Signature.empty() || !E.CalleeField.empty())
            for (uint32_t T : P.indirectTargets(E))
              PE.Targets.push_back(T);
          // A virtual call with no override but the method itself is a direct call.
          if (PE.Targets.size() == 1 && PE.Targets[0] == PE.Callee)
            PE.Targets.clear();
        }
        PF.Blocks[B].push_back(std::move(PE));
      }
    }
    for (const std::string &Key : F.ParamVars)
      PF.ParamVar.push_back(VarNumber(Key));
  }
}

std::vector<Assumption> Linker::constantParams(const PreparedEvent &PE, int Callee) const {
  std::vector<Assumption> Out;
  const std::string &Values = PE.E->ArgValues;
  const std::vector<int> &Vars = Prepared[Callee].ParamVar;
  for (size_t I = 0; I < Values.size() && I < Vars.size(); ++I)
    if (Vars[I] >= 0 && Values[I] != '?')
      Out.push_back({(uint32_t)Vars[I], Values[I] == '1'});
  std::sort(Out.begin(), Out.end());
  return Out;
}

void Linker::specializeCalls(uint32_t Fn) {
  for (const auto &Block : Prepared[Fn].Blocks)
    for (const PreparedEvent &PE : Block) {
      if (PE.Callee < 0 || !PE.Targets.empty() || !Final[PE.Callee])
        continue;
      std::vector<Assumption> Assumed = constantParams(PE, PE.Callee);
      if (Assumed.empty())
        continue;
      auto Key = std::make_pair((uint32_t)PE.Callee, std::move(Assumed));
      if (!Specialized.count(Key))
        Specialized[Key] = analyze(Key.first, Key.second).Sum;
    }
}

const Summary &Linker::summaryAt(const PreparedEvent &PE, int Callee) const {
  if (PE.E->ArgValues.empty() || Callee != PE.Callee)
    return Summaries[Callee];
  auto It = Specialized.find({(uint32_t)Callee, constantParams(PE, Callee)});
  return It == Specialized.end() ? Summaries[Callee] : It->second;
}

LockId Linker::substitute(const PreparedEvent &PE, LockId CalleeLock) {
  auto It = PE.Subst.find(CalleeLock);
  if (It != PE.Subst.end())
    return It->second;
  LockId Out = CalleeLock;
  const LockInfo &Info = P.Locks.info(CalleeLock);
  if (Info.Symbolic) {
    LockRef R = substitutePath(Info.Ref, PE.E->Args, PE.E->This, PE.E->ThisFields);
    Out = R.Path.empty() ? NoLock : P.Locks.intern(R);
  }
  PE.Subst[CalleeLock] = Out;
  return Out;
}

LockId Linker::typeFallbackOf(LockId L) {
  const LockInfo &Info = P.Locks.info(L);
  if (Info.Ref.Fallback.empty() || Info.Ref.Path[0] == '#')
    return NoLock;
  LockRef R;
  R.Path = Info.Ref.Fallback;
  R.Recursive = Info.Ref.Recursive;
  return P.Locks.intern(R);
}

LockId Linker::fallbackOf(LockId L) {
  return P.Locks.info(L).Symbolic ? typeFallbackOf(L) : L;
}

// A lock as the shared-data rules see it: a global stays itself, a lock named through a
// parameter or `this`, or through a pointer, stands for its kind.
// A kind is named by the lock's own record and field only: `f->zbd_info->mutex` held by
// a caller and `zbdi->mutex` taken through a local are both `struct zbd_info.mutex`,
// whatever chain of fields reached them.
LockId Linker::dataGuardOf(LockId L) {
  const LockInfo &Info = P.Locks.info(L);
  if (!llvm::StringRef(Info.Ref.Path).starts_with("#") &&
      !Info.Symbolic && !Info.ThroughPointer && !byKind(Info.Ref))
    return L; // an object of its own
  LockId Kind = llvm::StringRef(Info.Ref.Path).starts_with("#") ? L : typeFallbackOf(L);
  if (Kind == NoLock)
    return NoLock;
  std::vector<llvm::StringRef> Segments = fallbackSegments(P.Locks.info(Kind).Ref.Path);
  if (Segments.size() < 2)
    return Kind;
  LockRef Last;
  Last.Path = joinFallback(Segments.back());
  Last.Recursive = P.Locks.info(Kind).Ref.Recursive;
  return P.Locks.intern(Last);
}

// Named by record and field in the shared-data rules: anything reached through a
// parameter, `this` or a pointer, and a field of a local (`t->mutex` with `t` a local
// pointer: the object is not the function's own).
bool Linker::byKind(const LockRef &R) {
  return isSymbolicPath(R.Path) || R.ThroughPointer || R.Path.empty() ||
         (llvm::StringRef(R.Path).starts_with("%") && !R.Fallback.empty());
}

std::optional<AccessObservation> Linker::accessAt(uint32_t Fn, const LockState &S,
                                                  const Event &E, ProgramSite Site) {
  AccessObservation A;
  A.Function = Fn;
  A.Site = Site;
  A.Kind = E.Access;
  const LockRef &L = E.Location;
  A.Location = dataLocationOf(L);
  if (A.Location.empty())
    return std::nullopt; // left out rather than merged with unrelated accesses
  A.LocationName = !L.Spelling.empty() ? L.Spelling : displayLockName(A.Location);
  A.LocalObject = llvm::StringRef(L.Path).starts_with("%") && !L.ThroughPointer;
  if (unsigned Param; !A.LocalObject && llvm::StringRef(L.Path).consume_front("$") &&
                      !llvm::StringRef(L.Path).drop_front().take_until([](char C) {
                         return C == '.' || C == '[';
                       }).getAsInteger(10, Param))
    A.LocalObject = Param < LocalParams[Fn].size() && LocalParams[Fn][Param];
  if (!E.DeclaredGuard.Path.empty())
    A.DeclaredGuard = dataGuardOf(P.Locks.intern(E.DeclaredGuard));
  for (const HeldLock &H : S.Held)
    if (LockId G = dataGuardOf(H.Lock); G != NoLock)
      (H.Must ? A.Held : A.MayHeld).push_back(G);
  A.Held = sortedUnion(std::move(A.Held), {});
  A.MayHeld = sortedUnion(std::move(A.MayHeld), {});
  return A;
}

void Linker::addEdge(FunctionResult *Out, EdgeObservation E) {
  if (!Out || E.From == NoLock || E.To == NoLock || E.From == E.To)
    return;
  if (E.Chain.size() > Limits.MaxChain)
    E.Chain.resize(Limits.MaxChain);
  // An edge, or a gate of it, named through a parameter means a different object at
  // every call: it waits in the summary until a call site binds it.
  bool Symbolic = P.Locks.info(E.From).Symbolic || P.Locks.info(E.To).Symbolic ||
                  llvm::any_of(E.Gates, [&](LockId G) { return P.Locks.info(G).Symbolic; });
  if (!Symbolic) {
    keepInstanceGates(E.Gates);
    Out->Obs.Edges.push_back(std::move(E));
    return;
  }
  for (EdgeObservation &Old : Out->Sum.SymEdges)
    if (Old.From == E.From && Old.To == E.To) {
      // Keep the gates every occurrence shares; any unguarded one makes it unguarded.
      intersectSorted(Old.Gates, E.Gates);
      Old.MayOnly = Old.MayOnly && E.MayOnly;
      Old.ReadRead = Old.ReadRead && E.ReadRead;
      return;
    }
  if (Out->Sum.SymEdges.size() < Limits.MaxSummaryEdges)
    Out->Sum.SymEdges.push_back(std::move(E));
}

void Linker::keepInstanceGates(std::vector<LockId> &Gates) const {
  llvm::erase_if(Gates, [&](LockId G) { return !isInstanceGate(P.Locks.info(G)); });
}

// The single field of a path rooted at a parameter or `this` ("$0.m" -> "m"), or "".
static llvm::StringRef directField(const LockInfo &L) {
  llvm::StringRef Path = L.Ref.Path;
  if (!L.Symbolic || Path.contains("[]"))
    return "";
  size_t Dot = Path.find('.');
  if (Dot == llvm::StringRef::npos || Path.substr(Dot + 1).contains('.'))
    return "";
  return Path.substr(Dot + 1);
}

bool Linker::sameRootGate(const EdgeObservation &E, LockId Gate) const {
  const LockInfo &From = P.Locks.info(E.From), &To = P.Locks.info(E.To),
                 &G = P.Locks.info(Gate);
  if (directField(From).empty() || directField(To).empty() || directField(G).empty())
    return false;
  return symbolicRootSlot(From.Ref.Path) == symbolicRootSlot(G.Ref.Path) &&
         symbolicRootSlot(To.Ref.Path) == symbolicRootSlot(G.Ref.Path);
}

void Linker::edgesInto(uint32_t Fn, const LockState &S, LockId To, bool ToShared,
                       ProgramSite Site,
                       const std::vector<CallStep> &Chain,
                       const std::vector<LockId> &ExtraGates, llvm::ArrayRef<LockId> Skip,
                       FunctionResult *Out) {
  if (!Out)
    return;
  std::vector<LockId> HeldIds = S.heldIds();
  for (const HeldLock &H : S.Held) {
    if (H.Lock == To || llvm::is_contained(Skip, H.Lock))
      continue;
    EdgeObservation E;
    E.From = H.Lock;
    E.To = To;
    E.Site = Site;
    E.HeldSite = H.Site;
    E.Function = Fn;
    E.Chain = Chain;
    E.MayOnly = !H.Must;
    E.ReadRead = H.Shared && ToShared;
    E.Gates = sortedUnion(without(HeldIds, H.Lock, To), ExtraGates);
    E.FromName = P.Locks.info(H.Lock).Ref.Spelling;
    E.ToName = P.Locks.info(To).Ref.Spelling;
    addEdge(Out, std::move(E));
  }
}

void Linker::addAcquire(FunctionResult *Out, AcquiredLock A) {
  if (!Out || A.Lock == NoLock)
    return;
  for (AcquiredLock &Old : Out->Sum.Acquires)
    if (Old.Lock == A.Lock) {
      intersectSorted(Old.Inner, A.Inner);
      intersectSorted(Old.ReleasedBefore, A.ReleasedBefore);
      Old.Shared = Old.Shared && A.Shared;
      return;
    }
  if (Out->Sum.Acquires.size() < Limits.MaxSummaryAcquires)
    Out->Sum.Acquires.push_back(std::move(A));
}

void Linker::blockingCall(uint32_t Fn, const LockState &S, BlockingCall B,
                          llvm::ArrayRef<LockId> Exempt, FunctionResult *Out) {
  // A path that ends in abort() or exit() (an assertion's crash report writing its log)
  // blocks nobody for long.
  if (!OnReturningPath)
    return;
  // The mutex a wait gives up, however this function names it: the same object, or a
  // lock of the same kind (`q->lock` waited on through a parameter).
  auto Exempted = [&](LockId L) {
    for (LockId X : Exempt)
      if (L == X || (typeFallbackOf(L) != NoLock && typeFallbackOf(L) == typeFallbackOf(X)))
        return true;
    return false;
  };
  BlockingObservation O;
  for (const HeldLock &H : S.Held)
    if (H.Must && !Exempted(H.Lock))
      O.Held.push_back({H.Lock, H.Site});
  // A wait on a mutex reached through a pointer (leveldb's CondVar keeps `Mutex *mu_`)
  // cannot be told apart from the one lock held: it is most likely that one.
  bool IsWait = llvm::StringRef(B.What).starts_with("a condition wait");
  bool WaitLockKnown = B.WaitLock != NoLock && isInstanceGate(P.Locks.info(B.WaitLock)) &&
                       !P.Locks.info(B.WaitLock).ThroughPointer;
  if (IsWait && !WaitLockKnown && O.Held.size() == 1)
    O.Held.clear();
  if (!O.Held.empty()) {
    for (const BlockingObservation &Old : Out->Obs.Blocking)
      if (Old.Site == B.Site)
        return; // one finding per call: a loop walked twice, or a second callee path
    O.Function = Fn;
    O.Site = B.Site;
    O.What = std::move(B.What);
    O.Sleep = B.Sleep;
    O.Chain = std::move(B.Chain);
    Out->Obs.Blocking.push_back(std::move(O));
    return;
  }
  if (B.Output)
    return;
  // The nearest blocking calls: a short chain is the one a reader checks first, and the
  // one least likely to need a path the program never takes.
  B.ReleasedBefore = S.Gone;
  if (llvm::is_contained(Out->Sum.Blocks, B))
    return;
  auto &Blocks = Out->Sum.Blocks;
  auto At = llvm::upper_bound(Blocks, B, [](const BlockingCall &X, const BlockingCall &Y) {
    return X.Chain.size() < Y.Chain.size();
  });
  if (At - Blocks.begin() >= 4)
    return;
  Blocks.insert(At, std::move(B));
  if (Blocks.size() > 4)
    Blocks.pop_back();
}

std::vector<CallStep> Linker::chainThrough(const std::string &CalleeName,
                                           const AcquiredLock &A) const {
  std::vector<CallStep> Chain;
  Chain.push_back({CalleeName, A.Site});
  for (const CallStep &S : A.Chain) {
    if (Chain.size() >= Limits.MaxChain)
      break;
    if (S == Chain.back())
      continue; // recursion: the same call again says nothing new
    Chain.push_back(S);
  }
  return Chain;
}

// An explicit release of a lock already released on some path to here, and not taken
// since, is a double unlock; a guard's destructor only releases what it still owns.
void Linker::release(uint32_t Fn, LockState &S, LockId L, ProgramSite Site, bool Explicit,
                     std::vector<CallStep> Chain, FunctionResult *Out) {
  if (!S.held(L)) {
    // A lock a callee handed over is often released through the pointer it returned,
    // which has no root here: match it by record type and field.
    const LockRef &Released = P.Locks.info(L).Ref;
    llvm::StringRef Type = Released.Path[0] == '#' ? llvm::StringRef(Released.Path)
                                                   : llvm::StringRef(Released.Fallback);
    // The callee may have named it by a shorter chain (unbound's rrset_cache_lookup
    // locks `e->lock` and returns `e->key`; the caller unlocks `k->entry.lock`): the
    // caller's longer name is then one instance of the callee's kind.
    auto IsKindOf = [](llvm::StringRef Kind, llvm::StringRef Name) {
      std::vector<llvm::StringRef> K = fallbackSegments(Kind), N = fallbackSegments(Name);
      return !K.empty() && K.size() <= N.size() &&
             std::equal(K.rbegin(), K.rend(), N.rbegin());
    };
    for (bool Exact : {true, false}) {
      if (Type.empty() || S.held(L))
        break;
      for (const HeldLock &H : S.Held) {
        llvm::StringRef Kind = P.Locks.info(H.Lock).Ref.Fallback;
        if (H.HandedBy >= 0 && (Exact ? Kind == Type : IsKindOf(Kind, Type))) {
          L = H.Lock;
          break;
        }
      }
    }
  }
  if (Out)
    if (const HeldLock *H = S.held(L); H && H->HandedBy >= 0)
      Out->Obs.HandsOverLocks.push_back(H->HandedBy);
  // A recursive lock's depth cannot be counted through loops (lock it n times, unlock
  // it n times): an extra release of one is not reported.
  if (Explicit && !P.Locks.info(L).Ref.Recursive)
    if (const ReleasedLock *R = S.released(L)) {
      if (Out)
        Out->Obs.BadUnlocks.push_back({Fn, L, Site, R->Site, std::move(Chain)});
      S.drop(L);
      return;
    }
  const HeldLock *H = S.held(L);
  // Only a lock held on every path is certainly free after this release.
  bool LastLevel = H && H->Depth == 1 && H->Must;
  if (S.drop(L)) {
    if (LastLevel)
      S.markReleased(L, Site);
  } else if (Explicit) {
    S.markGone(L);
    if (Out && OnReturningPath)
      Out->Foreign.push_back(L);
  }
}

void Linker::transferCall(uint32_t Fn, LockState &S, const PreparedEvent &PE,
                          FunctionResult *Out) {
  if (PE.Targets.empty()) {
    if (PE.Callee >= 0)
      transferCallee(Fn, S, PE, PE.Callee, /*Indirect=*/false, Out);
    return;
  }
  for (int Target : PE.Targets)
    transferCallee(Fn, S, PE, Target, /*Indirect=*/true, Out);
}

// One callee's summary applied at a call. Through a pointer or a virtual call the callee
// is one of several that may run: its order edges count, but not what it would leave
// held or released (the lockset after the call stays the caller's own), and no double
// lock is claimed.
void Linker::transferCallee(uint32_t Fn, LockState &S, const PreparedEvent &PE, int Callee,
                            bool Indirect, FunctionResult *Out) {
  const Summary &CS = summaryAt(PE, Callee);
  const ProgramFunction &Self = P.functions()[Fn];
  ProgramSite Site = Self.site(PE.E->At);
  std::string CalleeName = Indirect ? P.functions()[Callee].Facts->Name : PE.E->CalleeName;
  std::vector<LockId> HeldIds = S.heldIds();
  if (Out) { // what the caller holds around the call, before the callee's effects
    CallContext C{Callee, {}, {}, BeforeThreads.count(PE.E) > 0};
    // A lock named through the caller's parameter means nothing in the callee: its kind
    // does, for the shared-data rules (calling-context gates keep instances only).
    for (const HeldLock &H : S.Held)
      if (LockId L = P.Locks.info(H.Lock).Symbolic ? typeFallbackOf(H.Lock) : H.Lock;
          L != NoLock)
        (H.Must ? C.Held : C.MayHeld).push_back(L);
    C.Held = sortedUnion(std::move(C.Held), {});
    C.MayHeld = sortedUnion(std::move(C.MayHeld), {});
    Out->Calls.push_back(std::move(C));
  }

  std::vector<LockId> Released;
  for (LockId X : CS.NetRelease)
    if (LockId L = substitute(PE, X); L != NoLock)
      Released.push_back(L);

  for (const AcquiredLock &A : CS.Acquires) {
    LockId L = substitute(PE, A.Lock);
    if (L == NoLock)
      continue;
    std::vector<LockId> Inner;
    for (LockId I : A.Inner)
      if (LockId X = substitute(PE, I); X != NoLock)
        Inner.push_back(X);
    std::sort(Inner.begin(), Inner.end());
    std::vector<LockId> Gone;
    for (LockId G : A.ReleasedBefore)
      if (LockId X = substitute(PE, G); X != NoLock)
        Gone.push_back(X);
    const LockInfo &Info = P.Locks.info(L);
    bool ReleasedFirst = A.Reacquire || llvm::is_contained(Released, L);
    // A self-deadlock is an error: only when the callee takes it on every path.
    if (const HeldLock *H = S.held(L);
        Out && !Indirect && H && H->Must && A.Must && !ReleasedFirst && !Info.Ref.Recursive &&
        Info.Exact && !(A.Shared && H->Shared))
      Out->Obs.DoubleLocks.push_back(
          {Fn, L, Site, H->Site, chainThrough(CalleeName, A), H->Shared && !A.Shared});
    // Re-entering a lock this thread already holds never waits (a recursive mutex, a
    // read lock taken again): no order edge into it, as for a direct acquisition.
    const HeldLock *Already = S.held(L);
    if (!(Already && Already->Must && !ReleasedFirst))
      edgesInto(Fn, S, L, A.Shared, Site, chainThrough(CalleeName, A), Inner, Gone, Out);
    AcquiredLock Mine;
    Mine.Lock = L;
    Mine.Shared = A.Shared;
    Mine.Must = A.Must && !Indirect;
    Mine.Reacquire = ReleasedFirst;
    Mine.Site = Site;
    Mine.Chain = chainThrough(CalleeName, A);
    Mine.Inner = sortedUnion(without(HeldIds, L), Inner);
    Mine.ReleasedBefore = sortedUnion(S.Gone, Gone);
    addAcquire(Out, std::move(Mine));
    if (A.Must && !Indirect)
      S.addAcquired(L);
  }

  // The callee's own order edges, now between the caller's objects.
  for (const EdgeObservation &CE : CS.SymEdges) {
    EdgeObservation E = CE;
    E.From = substitute(PE, CE.From);
    E.To = substitute(PE, CE.To);
    if (E.From != NoLock && E.From != CE.From)
      if (const std::string &Name = P.Locks.info(E.From).Ref.Spelling; !Name.empty())
        E.FromName = Name;
    if (E.To != NoLock && E.To != CE.To)
      if (const std::string &Name = P.Locks.info(E.To).Ref.Spelling; !Name.empty())
        E.ToName = Name;
    E.BoundAt.insert(E.BoundAt.begin(), Site);
    std::vector<LockId> Gates;
    for (LockId G : CE.Gates)
      if (LockId X = substitute(PE, G); X != NoLock)
        Gates.push_back(X);
    E.Gates = sortedUnion(std::move(Gates), without(HeldIds, E.From, E.To));
    addEdge(Out, std::move(E));
  }

  // The callee blocks holding nothing of its own: this function blocks holding its
  // locks, except those the callee gives up first (a wait's mutex, an unlock-sleep-lock).
  if (Out)
    for (const BlockingCall &CB : CS.Blocks) {
      BlockingCall B;
      B.What = CB.What;
      B.Sleep = CB.Sleep;
      B.Site = Site;
      B.Chain.push_back({CalleeName, CB.Site});
      for (const CallStep &Step : CB.Chain)
        if (B.Chain.size() < Limits.MaxChain)
          B.Chain.push_back(Step);
      std::vector<LockId> Exempt;
      for (LockId X : CB.ReleasedBefore)
        if (LockId L = substitute(PE, X); L != NoLock)
          Exempt.push_back(L);
      if (CB.WaitLock != NoLock) {
        LockId L = substitute(PE, CB.WaitLock);
        B.WaitLock = L;
        if (L != NoLock)
          Exempt.push_back(L);
      }
      blockingCall(Fn, S, std::move(B), Exempt, Out);
    }

  if (Indirect)
    return;
  if (!CS.Returns) {
    S.Reachable = false;
    return;
  }
  for (LockId L : Released)
    release(Fn, S, L, Site, /*Explicit=*/true, {{PE.E->CalleeName, Site}}, Out);
  for (auto [X, Shared] : CS.NetAcquire)
    if (LockId L = substitute(PE, X); L != NoLock) {
      // Taken again while held for certain (a recursive lock, or the double lock just
      // reported): one level deeper, so its two unlocks are not a bad unlock as well.
      if (const HeldLock *Held = S.held(L); Held && Held->Must) {
        S.reacquire(L);
        continue;
      }
      HeldLock H;
      H.Lock = L;
      H.Shared = Shared;
      H.Site = Site;
      S.hold(H);
    }
  for (const MayAcquired &M : CS.MayAcquire)
    if (LockId L = substitute(PE, M.Lock); L != NoLock && !S.held(L)) {
      HeldLock H;
      H.Lock = L;
      H.Must = false;
      H.Shared = M.Shared;
      H.Site = Site;
      H.HandedBy = Callee;
      if (M.IffResult && PE.Var >= 0)
        S.holdWhen(H, {PE.Var, *M.IffResult});
      else
        S.hold(H);
    }
}

void Linker::transfer(uint32_t Fn, LockState &S, const PreparedEvent &PE,
                      FunctionResult *Out) {
  const Event &E = *PE.E;
  const ProgramFunction &Self = P.functions()[Fn];
  ProgramSite Site = Self.site(E.At);
  switch (E.Kind) {
  case EventKind::Acquire: {
    std::vector<LockId> HeldIds = S.heldIds();
    for (LockId L : PE.Locks) {
      const LockInfo &Info = P.Locks.info(L);
      if (const HeldLock *H = S.held(L)) {
        if (Out && H->Must && !Info.Ref.Recursive && Info.Exact && !(E.Shared && H->Shared))
          Out->Obs.DoubleLocks.push_back({Fn, L, Site, H->Site, {}, H->Shared && !E.Shared});
        S.reacquire(L);
        continue;
      }
      // std::lock(a, b): no order among the group.
      edgesInto(Fn, S, L, E.Shared, Site, {}, {}, E.Group ? llvm::ArrayRef<LockId>(PE.Locks)
                                                : llvm::ArrayRef<LockId>(), Out);
      S.addAcquired(L);
      AcquiredLock A;
      A.Lock = L;
      A.Shared = E.Shared;
      A.Site = Site;
      A.Inner = without(HeldIds, L);
      A.ReleasedBefore = S.Gone;
      addAcquire(Out, std::move(A));
    }
    for (LockId L : PE.Locks) {
      if (S.held(L))
        continue;
      HeldLock H;
      H.Lock = L;
      H.Shared = E.Shared;
      H.Site = Site;
      S.hold(H);
    }
    if (E.TryId >= 0)
      S.pend({E.TryId, PE.Locks, E.Shared, Site, /*Blocking=*/true});
    break;
  }
  case EventKind::TryAcquire:
    S.pend({E.TryId, PE.Locks, E.Shared, Site, /*Blocking=*/false});
    break;
  case EventKind::Release:
  case EventKind::ReleaseIfHeld:
    for (LockId L : PE.Locks)
      release(Fn, S, L, Site, E.Kind == EventKind::Release, {}, Out);
    break;
  case EventKind::Call:
    if (PE.Var >= 0) // the result variable gets a new value
      S.forget(PE.Var);
    transferCall(Fn, S, PE, Out);
    break;
  case EventKind::Assign:
    if (PE.Var >= 0)
      S.assign(PE.Var, E.Value);
    break;
  case EventKind::Havoc:
    if (PE.Var >= 0)
      S.forget(PE.Var);
    break;
  case EventKind::ThreadStart: // changes no lockset; ordered against main's accesses
    break;
  case EventKind::Probe:
    if (uint32_t Id; Out && !llvm::StringRef(E.Var).getAsInteger(10, Id)) {
      ProbeObservation O;
      O.Function = Fn;
      O.Probe = Id;
      for (const HeldLock &H : S.Held)
        if (LockId G = dataGuardOf(H.Lock); G != NoLock)
          (H.Must ? O.Held : O.MayHeld).push_back(G);
      O.Held = sortedUnion(std::move(O.Held), {});
      O.MayHeld = sortedUnion(std::move(O.MayHeld), {});
      Out->Obs.Probes.push_back(std::move(O));
    }
    break;
  case EventKind::Block:
    if (Out) {
      BlockingCall B;
      B.What = E.CalleeName;
      B.Sleep = E.Value;
      B.Output = E.Output;
      B.Site = Site;
      blockingCall(Fn, S, std::move(B), {}, Out);
    }
    break;
  case EventKind::Access: // observed by the shared-data checks, changes no lockset
    if (Out)
      if (std::optional<AccessObservation> A = accessAt(Fn, S, E, Site)) {
        A->BeforeThreads = BeforeThreads.count(&E) > 0;
        Out->Obs.Accesses.push_back(std::move(*A));
      }
    break;
  case EventKind::Wait:
    // The lock is given up for the wait and taken again while everything else this
    // thread holds stays held: that re-acquisition is an order edge.
    for (LockId L : PE.Locks) {
      if (S.held(L)) // else the caller's lock: it stays the caller's
        edgesInto(Fn, S, L, /*ToShared=*/false, Site, {}, {}, {}, Out);
    }
    if (Out && !PE.Locks.empty()) {
      BlockingCall B;
      B.What = "a condition wait on '" + P.Locks.info(PE.Locks[0]).Ref.Spelling + "'";
      B.Site = Site;
      B.WaitLock = PE.Locks[0];
      blockingCall(Fn, S, std::move(B), PE.Locks, Out);
    }
    break;
  }
}

LockState Linker::along(const LockState &Out, const Successor &Edge, int Cond) const {
  if (Edge.TryId < 0 && Cond < 0)
    return Out;
  LockState S = Out;
  if (Cond >= 0 && !S.assume(Cond, Edge.CondValue))
    return LockState(); // contradicts a branch already taken on this path
  if (Edge.TryId < 0)
    return S;
  auto It = std::find_if(S.Pending.begin(), S.Pending.end(),
                         [&](const PendingTry &T) { return T.TryId == Edge.TryId; });
  if (It == S.Pending.end())
    return S;
  PendingTry T = *It;
  S.Pending.erase(It);
  if (T.Blocking) { // held since the call: only its failure branch changes that
    if (!Edge.TrySucceeded && !llvm::is_contained(RejoiningTries, T.TryId))
      for (LockId L : T.Locks)
        S.drop(L);
    return S;
  }
  for (LockId L : T.Locks) {
    if (Edge.TrySucceeded && S.held(L)) {
      S.reacquire(L); // a recursive lock's owner tries it again: one level deeper
    } else if (Edge.TrySucceeded) {
      HeldLock H;
      H.Lock = L;
      H.Shared = T.Shared;
      H.ByTry = true;
      H.Site = T.Site;
      S.hold(H);
    } else if (!S.held(L)) {
      S.markReleased(L, T.Site); // known free here: unlocking it now is a bad unlock
    }
  }
  return S;
}

void Linker::findRejoiningTries(const FunctionFacts &F, const PreparedFunction &PF) {
  RejoiningTries.clear();
  size_t N = F.Blocks.size();
  std::vector<bool> Ends(N); // a call in the block never returns
  std::vector<const PreparedEvent *> Checked;
  for (uint32_t B = 0; B < N; ++B)
    for (const PreparedEvent &PE : PF.Blocks[B]) {
      if (PE.E->Kind == EventKind::Acquire && PE.E->TryId >= 0)
        Checked.push_back(&PE);
      if (PE.E->Kind == EventKind::Call && PE.Callee >= 0 && PE.Targets.empty() &&
          !summaryAt(PE, PE.Callee).Returns)
        Ends[B] = true;
    }
  if (Checked.empty())
    return;
  // The blocks reached from From, not going past a block that ends the process or,
  // with Locks, one that releases them.
  auto Reach = [&](uint32_t From, llvm::ArrayRef<LockId> Locks) {
    std::vector<bool> Seen(N);
    std::vector<uint32_t> Stack{From};
    Seen[From] = true;
    while (!Stack.empty()) {
      uint32_t B = Stack.back();
      Stack.pop_back();
      if (Ends[B] || llvm::any_of(PF.Blocks[B], [&](const PreparedEvent &PE) {
            return PE.E->Kind == EventKind::Release &&
                   llvm::any_of(PE.Locks, [&](LockId L) { return llvm::is_contained(Locks, L); });
          }))
        continue;
      for (const Successor &S : F.Blocks[B].Succs)
        if (S.Block != F.Exit && !Seen[S.Block]) {
          Seen[S.Block] = true;
          Stack.push_back(S.Block);
        }
    }
    return Seen;
  };
  for (const BlockFacts &B : F.Blocks) {
    if (B.Succs.size() != 2 || B.Succs[0].TryId < 0)
      continue;
    int Id = B.Succs[0].TryId;
    auto It = llvm::find_if(Checked, [&](const PreparedEvent *PE) { return PE->E->TryId == Id; });
    if (It == Checked.end())
      continue;
    const Successor &Ok = B.Succs[0].TrySucceeded ? B.Succs[0] : B.Succs[1];
    const Successor &Failed = B.Succs[0].TrySucceeded ? B.Succs[1] : B.Succs[0];
    std::vector<bool> Held = Reach(Ok.Block, (*It)->Locks), Err = Reach(Failed.Block, {});
    for (size_t I = 0; I < N; ++I)
      if (Held[I] && Err[I]) {
        RejoiningTries.push_back(Id);
        break;
      }
  }
}

FunctionResult Linker::analyze(uint32_t Fn, const std::vector<Assumption> &Assumed) {
  const FunctionFacts &F = *P.functions()[Fn].Facts;
  const PreparedFunction &PF = Prepared[Fn];
  size_t N = F.Blocks.size();
  findRejoiningTries(F, PF);
  // A block's entry state is recomputed from all its predecessors' exit states, not
  // accumulated: the transfer is not monotone (a lock held for certain is released with
  // a mark, a maybe-held one without), so a mark made on a state that later turned out
  // weaker must not linger.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> Preds(N); // block, successor
  for (uint32_t B = 0; B < N; ++B)
    for (uint32_t K = 0; K < F.Blocks[B].Succs.size(); ++K)
      Preds[F.Blocks[B].Succs[K].Block].push_back({B, K});
  // Blocks in reverse postorder first, so a loop settles before the code after it is
  // walked (a fact made on a loop's unsettled state can keep itself alive around a
  // later loop). The search takes successors last to first: a loop's body (the first
  // successor of its condition) then comes before its exit.
  std::vector<uint32_t> Order(N, N);
  {
    uint32_t Next = N;
    std::vector<std::pair<uint32_t, uint32_t>> Stack{{F.Entry, 0}};
    std::vector<bool> Seen(N);
    Seen[F.Entry] = true;
    while (!Stack.empty()) {
      auto &[B, K] = Stack.back();
      const std::vector<Successor> &Succs = F.Blocks[B].Succs;
      if (K == Succs.size()) {
        Order[B] = --Next;
        Stack.pop_back();
        continue;
      }
      uint32_t To = Succs[Succs.size() - 1 - K++].Block;
      if (!Seen[To]) {
        Seen[To] = true;
        Stack.push_back({To, 0});
      }
    }
  }
  std::vector<LockState> In(N), Out(N);
  std::set<std::pair<uint32_t, uint32_t>> Work{{Order[F.Entry], F.Entry}};
  std::vector<bool> FallsThrough(N); // no call in the block ends the path
  size_t Budget = 64 * N + 64;
  while (!Work.empty() && Budget--) {
    uint32_t B = Work.begin()->second;
    Work.erase(Work.begin());
    LockState S;
    S.Reachable = B == F.Entry;
    if (S.Reachable)
      S.Assumed = Assumed;
    for (auto [Pred, K] : Preds[B])
      if (Out[Pred].Reachable)
        S = join(S, along(Out[Pred], F.Blocks[Pred].Succs[K], PF.SuccCond[Pred][K]));
    In[B] = S;
    for (const PreparedEvent &PE : PF.Blocks[B])
      if (S.Reachable)
        transfer(Fn, S, PE, nullptr);
    FallsThrough[B] = S.Reachable;
    if (S == Out[B])
      continue;
    Out[B] = std::move(S);
    for (const Successor &Succ : F.Blocks[B].Succs)
      Work.insert({Order[Succ.Block], Succ.Block});
  }

  bool Converged = Work.empty();

  // Blocks from which a normal return is still reachable.
  std::vector<bool> CanReturn(N);
  {
    std::vector<uint32_t> Stack;
    for (uint32_t B = 0; B < N; ++B)
      for (const Successor &Succ : F.Blocks[B].Succs) {
        if (Succ.Block == F.Exit && F.Blocks[B].ReachesExit && FallsThrough[B] &&
            !CanReturn[B]) {
          CanReturn[B] = true;
          Stack.push_back(B);
        }
      }
    while (!Stack.empty()) {
      uint32_t B = Stack.back();
      Stack.pop_back();
      for (auto [Pred, K] : Preds[B])
        if (FallsThrough[Pred] && !CanReturn[Pred]) {
          CanReturn[Pred] = true;
          Stack.push_back(Pred);
        }
    }
  }

  // One more walk over the fixpoint records what this function does.
  FunctionResult R;
  LockState Exit;
  std::vector<ExitState> Exits;
  for (uint32_t B = 0; B < N; ++B) {
    if (!In[B].Reachable)
      continue;
    LockState S = In[B];
    OnReturningPath = CanReturn[B] || !Converged;
    for (const PreparedEvent &PE : PF.Blocks[B])
      if (S.Reachable)
        transfer(Fn, S, PE, &R);
    if (F.Blocks[B].ReachesExit)
      for (size_t K = 0; K < F.Blocks[B].Succs.size(); ++K) {
        const Successor &Succ = F.Blocks[B].Succs[K];
        if (Succ.Block != F.Exit)
          continue;
        LockState AtExit = along(S, Succ, PF.SuccCond[B][K]);
        if (!AtExit.Reachable)
          continue;
        Exit = join(Exit, AtExit);
        Exits.push_back(
            {P.functions()[Fn].site(F.Blocks[B].ExitSite), std::move(AtExit), B});
      }
  }
  OnReturningPath = true;
  // A walk cut short by the budget may have missed the way out: assume there is one.
  R.Sum.Returns = Exit.Reachable || !Converged;
  std::sort(R.Foreign.begin(), R.Foreign.end());
  R.Foreign.erase(std::unique(R.Foreign.begin(), R.Foreign.end()), R.Foreign.end());
  // Unlock the caller's lock, block, lock it again (leveldb's mutex_.Unlock(); write;
  // mutex_.Lock()): not an acquisition on top of the caller's.
  for (AcquiredLock &A : R.Sum.Acquires)
    A.Reacquire |= std::binary_search(R.Foreign.begin(), R.Foreign.end(), A.Lock);
  if (Exit.Reachable) {
    for (AcquiredLock &A : R.Sum.Acquires)
      A.Must = std::binary_search(Exit.Acquired.begin(), Exit.Acquired.end(), A.Lock);
    for (const HeldLock &H : Exit.Held) {
      bool CallersLock = std::binary_search(R.Foreign.begin(), R.Foreign.end(), H.Lock);
      if (H.Must) {
        // Re-taking a lock the caller handed over (unlock; sleep; lock) is no acquisition.
        if (!CallersLock)
          R.Sum.NetAcquire.push_back({H.Lock, H.Shared});
        continue;
      }
      std::optional<bool> Iff = heldIffResult(F, PF, H.Lock, Exits);
      if (!CallersLock)
        R.Sum.MayAcquire.push_back({H.Lock, H.Shared, Iff});
      // Conditional acquisitions: `return trylock(...) == 0`, a callee's, or one the
      // result announces: a create that returns the object locked, or NULL. (An int
      // says too little: `return 0` holding a lock is as often an error path's leak.)
      bool Announced = Iff && *Iff && F.ReturnsPointer;
      if (H.ByTry || CallersLock || H.HandedBy >= 0 || Announced)
        continue;
      // A leak is held on some exits and released on others; a function that returns
      // holding it or not, without ever releasing it, hands it to its caller.
      if (!llvm::any_of(Exits, [&](const ExitState &X) { return X.S.released(H.Lock); }))
        continue;
      LeakObservation L;
      L.Function = Fn;
      L.Lock = H.Lock;
      L.AcquireSite = H.Site;
      for (const ExitState &X : Exits) {
        if (X.S.held(H.Lock)) {
          if (!L.ExitSite.valid() || X.Site < L.ExitSite)
            L.ExitSite = X.Site;
        } else if (!L.ReleasingExit.valid() || X.Site < L.ReleasingExit) {
          L.ReleasingExit = X.Site;
        }
      }
      R.Obs.Leaks.push_back(L);
    }
    for (LockId L : R.Foreign)
      if (!Exit.held(L))
        R.Sum.NetRelease.push_back(L);
  }
  return R;
}

// main's events before its first thread start: a `thread-start` event, or a call of a
// function that starts one (directly or through its callees). Those events, and
// everything only they call, run while the program has one thread. A main that starts
// no thread this way (threads from a library, or a C++ API not modelled yet) gets no
// such events: nothing is assumed single-threaded. The split goes on down the first
// start: `main` calls `process()`, which initializes and then starts the workers; when
// every call of `process` is such a first start, its own prefix runs alone as well.
void Linker::markBeforeThreads() {
  const auto &Fns = P.functions();
  // Joins: a join call (pthread_join, std::thread::join, ...) or a wrapper of one.
  // Starts: starts threads, directly or in callees; Leaves: some of them are still
  // running when it returns.
  std::vector<bool> Joins(Fns.size()), Starts(Fns.size()), Leaves(Fns.size());
  auto IsJoin = [&](const PreparedEvent &PE) {
    return (PE.E->Kind == EventKind::Block &&
            llvm::StringRef(PE.E->CalleeName).contains_insensitive("join")) ||
           (PE.Callee >= 0 && Joins[PE.Callee]);
  };
  auto IsStart = [&](const PreparedEvent &PE) {
    return PE.E->Kind == EventKind::ThreadStart || (PE.Callee >= 0 && Leaves[PE.Callee]);
  };
  auto RunsThreads = [&](const PreparedEvent &PE) { return PE.Callee >= 0 && Starts[PE.Callee]; };
  // A function that joins after each of its starts (`schedule`: create, wait, join)
  // leaves no thread running when it returns: calling it is no start for its caller.
  auto JoinsItsStarts = [&](uint32_t F) {
    const FunctionFacts &Facts = *Fns[F].Facts;
    for (uint32_t B = 0; B < Facts.Blocks.size(); ++B) {
      const auto &Events = Prepared[F].Blocks[B];
      auto Start = llvm::find_if(Events, IsStart);
      if (Start == Events.end() || std::any_of(Start, Events.end(), IsJoin))
        continue;
      std::vector<bool> Seen(Facts.Blocks.size());
      std::vector<uint32_t> Work;
      for (const Successor &S : Facts.Blocks[B].Succs)
        Work.push_back(S.Block);
      bool Joined = false;
      while (!Work.empty() && !Joined) {
        uint32_t X = Work.back();
        Work.pop_back();
        if (Seen[X])
          continue;
        Seen[X] = true;
        Joined = llvm::any_of(Prepared[F].Blocks[X], IsJoin);
        for (const Successor &S : Facts.Blocks[X].Succs)
          Work.push_back(S.Block);
      }
      if (!Joined)
        return false;
    }
    return true;
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (uint32_t F = 0; F < Fns.size(); ++F) {
      bool AnyJoin = false, AnyStart = false, AnyRun = false;
      for (const auto &Block : Prepared[F].Blocks)
        for (const PreparedEvent &PE : Block) {
          AnyJoin |= IsJoin(PE);
          AnyStart |= IsStart(PE);
          AnyRun |= RunsThreads(PE);
        }
      if (!Joins[F] && AnyJoin && !AnyStart && !AnyRun) {
        Joins[F] = true;
        Changed = true;
      }
      if (!Starts[F] && (AnyStart || AnyRun)) {
        Starts[F] = true;
        Changed = true;
      }
      if (!Leaves[F] && AnyStart && !(AnyJoin && JoinsItsStarts(F))) {
        Leaves[F] = true;
        Changed = true;
      }
    }
  }
  std::vector<unsigned> CallSites(Fns.size()), FirstStartCalls(Fns.size());
  for (uint32_t F = 0; F < Fns.size(); ++F)
    for (const auto &Block : Prepared[F].Blocks)
      for (const PreparedEvent &PE : Block)
        if (PE.Callee >= 0)
          ++CallSites[PE.Callee];
  std::vector<uint32_t> Work;
  for (uint32_t F = 0; F < Fns.size(); ++F)
    if (Fns[F].Facts->Name == "main" && Starts[F])
      Work.push_back(F);
  std::vector<bool> Done(Fns.size());
  while (!Work.empty()) {
    uint32_t F = Work.back();
    Work.pop_back();
    if (Done[F])
      continue;
    Done[F] = true;
    const FunctionFacts &Facts = *Fns[F].Facts;
    // Blocks reachable from a start (its successors on), then the events before the
    // first start in blocks not reachable so.
    std::vector<bool> After(Facts.Blocks.size());
    std::vector<uint32_t> Reached;
    for (uint32_t B = 0; B < Facts.Blocks.size(); ++B)
      if (llvm::any_of(Prepared[F].Blocks[B], IsStart))
        for (const Successor &S : Facts.Blocks[B].Succs)
          Reached.push_back(S.Block);
    while (!Reached.empty()) {
      uint32_t B = Reached.back();
      Reached.pop_back();
      if (After[B])
        continue;
      After[B] = true;
      for (const Successor &S : Facts.Blocks[B].Succs)
        Reached.push_back(S.Block);
    }
    for (uint32_t B = 0; B < Facts.Blocks.size(); ++B) {
      if (After[B])
        continue;
      for (const PreparedEvent &PE : Prepared[F].Blocks[B]) {
        // A call that starts threads, leaving them running or not: its own start-up
        // runs alone when every call of it is such a point.
        if (IsStart(PE) || RunsThreads(PE)) {
          if (PE.Callee >= 0 && P.onlyCalledDirectly(Fns[PE.Callee].Facts->Usr) &&
              ++FirstStartCalls[PE.Callee] == CallSites[PE.Callee])
            Work.push_back(PE.Callee);
          if (IsStart(PE))
            break;
          continue; // threads it started are joined again when it returns
        }
        BeforeThreads.insert(PE.E);
      }
    }
  }
}

void Linker::findLocalParams() {
  const auto &Fns = P.functions();
  LocalParams.assign(Fns.size(), {});
  std::vector<bool> Seen(Fns.size());
  for (uint32_t F = 0; F < Fns.size(); ++F)
    for (const auto &Block : Prepared[F].Blocks)
      for (const PreparedEvent &PE : Block) {
        if (PE.Callee < 0 || PE.E->Kind != EventKind::Call)
          continue;
        std::vector<bool> Local;
        for (const LockRef &A : PE.E->Args)
          Local.push_back(llvm::StringRef(A.Path).starts_with("%") && !A.ThroughPointer);
        std::vector<bool> &Slot = LocalParams[PE.Callee];
        if (!Seen[PE.Callee]) {
          Seen[PE.Callee] = true;
          Slot = Local;
        } else {
          Slot.resize(std::min(Slot.size(), Local.size()));
          for (size_t I = 0; I < Slot.size(); ++I)
            Slot[I] = Slot[I] && Local[I];
        }
      }
  // A function entered from code we cannot see may get any pointer.
  for (uint32_t F = 0; F < Fns.size(); ++F)
    if (!P.onlyCalledDirectly(Fns[F].Facts->Usr))
      LocalParams[F].clear();
}

Observations Linker::run() {
  prepare();
  findLocalParams();
  markBeforeThreads();
  const auto &Fns = P.functions();
  Summaries.assign(Fns.size(), Summary());
  Final.assign(Fns.size(), false);

  // Call graph components, callees first (Tarjan numbers sinks first).
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph CG(Fns.size());
  for (uint32_t I = 0; I < Fns.size(); ++I)
    for (const auto &Block : Prepared[I].Blocks)
      for (const PreparedEvent &PE : Block) {
        if (PE.Callee >= 0)
          boost::add_edge(I, PE.Callee, CG);
        for (int T : PE.Targets)
          boost::add_edge(I, T, CG);
      }
  std::vector<size_t> Component(Fns.size());
  size_t NumComponents = Fns.empty() ? 0 : boost::strong_components(CG, Component.data());
  std::vector<std::vector<uint32_t>> Members(NumComponents);
  for (uint32_t I = 0; I < Fns.size(); ++I)
    Members[Component[I]].push_back(I);
  for (const std::vector<uint32_t> &Scc : Members) {
    bool SelfCall = false;
    if (Scc.size() == 1)
      for (const auto &Block : Prepared[Scc[0]].Blocks)
        for (const PreparedEvent &PE : Block)
          SelfCall |= PE.Callee == (int)Scc[0] || llvm::is_contained(PE.Targets, (int)Scc[0]);
    unsigned Rounds = (Scc.size() > 1 || SelfCall) ? Limits.MaxComponentRounds : 1;
    for (uint32_t Fn : Scc)
      specializeCalls(Fn);
    for (unsigned Round = 0; Round < Rounds; ++Round) {
      bool Changed = false;
      for (uint32_t Fn : Scc) {
        Summary S = analyze(Fn).Sum;
        Changed |= S != Summaries[Fn];
        Summaries[Fn] = std::move(S);
      }
      if (!Changed)
        break;
    }
    for (uint32_t Fn : Scc)
      Final[Fn] = true;
  }

  Observations All;
  std::vector<std::vector<CallContext>> CallsFrom(Fns.size());
  std::vector<std::pair<size_t, size_t>> EdgeRanges(Fns.size()); // edges formed in Fn
  std::vector<std::pair<size_t, size_t>> AccessRanges(Fns.size());
  for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn) {
    FunctionResult R = analyze(Fn);
    size_t Begin = All.Edges.size();
    for (EdgeObservation &E : R.Obs.Edges)
      All.Edges.push_back(std::move(E));
    // Edges through parameters of a function no visible caller binds: name the locks
    // by type and field, the most that can be said without a call site.
    if (!P.onlyCalledDirectly(Fns[Fn].Facts->Usr))
      for (const EdgeObservation &E : Summaries[Fn].SymEdges) {
        EdgeObservation X = E;
        X.From = fallbackOf(E.From);
        X.To = fallbackOf(E.To);
        if (X.From == NoLock || X.To == NoLock || X.From == X.To)
          continue;
        std::vector<LockId> Gates;
        for (LockId G : E.Gates) {
          if (isInstanceGate(P.Locks.info(G)))
            Gates.push_back(G);
          else if (LockId C = fallbackOf(G); C != NoLock && sameRootGate(E, G))
            Gates.push_back(C);
        }
        X.Gates = sortedUnion(std::move(Gates), {});
        All.Edges.push_back(std::move(X));
      }
    EdgeRanges[Fn] = {Begin, All.Edges.size()};
    auto Append = [](auto &To, auto &From) {
      To.insert(To.end(), std::make_move_iterator(From.begin()),
                std::make_move_iterator(From.end()));
    };
    Append(All.DoubleLocks, R.Obs.DoubleLocks);
    Append(All.Leaks, R.Obs.Leaks);
    Append(All.BadUnlocks, R.Obs.BadUnlocks);
    AccessRanges[Fn] = {All.Accesses.size(), All.Accesses.size() + R.Obs.Accesses.size()};
    Append(All.Accesses, R.Obs.Accesses);
    Append(All.Blocking, R.Obs.Blocking);
    Append(All.Probes, R.Obs.Probes);
    Append(All.HandsOverLocks, R.Obs.HandsOverLocks);
    CallsFrom[Fn] = std::move(R.Calls);
  }

  // Calling-context gates: locks held around every call of a function, by every caller
  // (and around the callers themselves), serialize the edges that function forms.
  std::vector<std::optional<std::vector<LockId>>> Entry(Fns.size());
  unsigned Rounds = 0;
  for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn)
    if (!P.onlyCalledDirectly(Fns[Fn].Facts->Usr))
      Entry[Fn] = std::vector<LockId>();
  for (bool Changed = true; Changed && Rounds++ < 64;) {
    Changed = false;
    std::vector<std::optional<std::vector<LockId>>> Next(Fns.size());
    for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn)
      if (!P.onlyCalledDirectly(Fns[Fn].Facts->Usr))
        Next[Fn] = std::vector<LockId>();
    for (uint32_t Caller = 0; Caller < Fns.size(); ++Caller) {
      if (!Entry[Caller])
        continue;
      for (const CallContext &C : CallsFrom[Caller]) {
        if (!P.onlyCalledDirectly(Fns[C.Callee].Facts->Usr))
          continue;
        std::vector<LockId> Ctx = sortedUnion(C.Held, *Entry[Caller]);
        auto &Slot = Next[C.Callee];
        if (!Slot) {
          Slot = std::move(Ctx);
        } else {
          intersectSorted(*Slot, Ctx);
        }
      }
    }
    if (Next != Entry) {
      Entry = std::move(Next);
      Changed = true;
    }
  }
  llvm::erase_if(All.Leaks, [&](const LeakObservation &L) {
    return llvm::is_contained(All.HandsOverLocks, L.Function);
  });
  // Locks every caller holds count as held at the function's accesses (a helper whose
  // callers all hold the guard); locks some caller holds, as held on some paths (a
  // `_nolock` helper that one caller reaches without the lock is not evidence enough).
  std::vector<std::vector<LockId>> AnyEntry(Fns.size());
  for (bool Changed = true; Changed;) { // grows only, bounded by the locks: terminates
    Changed = false;
    for (uint32_t Caller = 0; Caller < Fns.size(); ++Caller)
      for (const CallContext &C : CallsFrom[Caller]) {
        std::vector<LockId> In = sortedUnion(sortedUnion(C.Held, C.MayHeld), AnyEntry[Caller]);
        std::vector<LockId> &Slot = AnyEntry[C.Callee];
        size_t Before = Slot.size();
        Slot = sortedUnion(std::move(Slot), In);
        Changed |= Slot.size() != Before;
      }
  }
  // Functions that only main calls before its first thread start (and functions only
  // those call): start-up code, single-threaded. A greatest fixpoint: assume all such
  // functions are, drop the ones some other call reaches.
  std::vector<bool> OnlyBeforeThreads(Fns.size());
  if (!BeforeThreads.empty()) {
    std::vector<unsigned> Calls(Fns.size());
    for (uint32_t Caller = 0; Caller < Fns.size(); ++Caller)
      for (const CallContext &C : CallsFrom[Caller])
        ++Calls[C.Callee];
    for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn)
      OnlyBeforeThreads[Fn] = Calls[Fn] > 0 && P.onlyCalledDirectly(Fns[Fn].Facts->Usr);
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (uint32_t Caller = 0; Caller < Fns.size(); ++Caller)
        for (const CallContext &C : CallsFrom[Caller])
          if (OnlyBeforeThreads[C.Callee] && !C.BeforeThreads && !OnlyBeforeThreads[Caller]) {
            OnlyBeforeThreads[C.Callee] = false;
            Changed = true;
          }
    }
  }
  // The callers' locks are held at the function's accesses and probes too.
  auto AddGuards = [&](std::vector<LockId> &Into, const std::vector<LockId> &Locks) {
    std::vector<LockId> Guards;
    for (LockId L : Locks)
      if (LockId G = dataGuardOf(L); G != NoLock)
        Guards.push_back(G);
    Into = sortedUnion(std::move(Into), sortedUnion(std::move(Guards), {}));
  };
  for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn)
    for (size_t I = AccessRanges[Fn].first; I < AccessRanges[Fn].second; ++I) {
      AccessObservation &A = All.Accesses[I];
      A.BeforeThreads |= OnlyBeforeThreads[Fn];
      if (Entry[Fn])
        AddGuards(A.Held, *Entry[Fn]);
      AddGuards(A.MayHeld, AnyEntry[Fn]);
    }
  for (ProbeObservation &O : All.Probes) {
    if (Entry[O.Function])
      AddGuards(O.Held, *Entry[O.Function]);
    AddGuards(O.MayHeld, AnyEntry[O.Function]);
  }
  for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn)
    if (Entry[Fn] && !Entry[Fn]->empty()) {
      keepInstanceGates(*Entry[Fn]);
      for (size_t I = EdgeRanges[Fn].first; I < EdgeRanges[Fn].second; ++I) {
        EdgeObservation &E = All.Edges[I];
        E.Gates = sortedUnion(std::move(E.Gates), without(*Entry[Fn], E.From, E.To));
      }
    }
  // A lock reached through a pointer read from memory is whichever object the pointer
  // holds: in the lock graph it stands for its kind, and it never gates. Done once all
  // uses are known, so the result does not depend on the order functions were walked,
  // and after the calling-context gates, which index All.Edges by function.
  for (EdgeObservation &E : All.Edges) {
    for (LockId *L : {&E.From, &E.To})
      if (P.Locks.info(*L).ThroughPointer)
        if (LockId Kind = typeFallbackOf(*L); Kind != NoLock)
          *L = Kind;
    llvm::erase_if(E.Gates, [&](LockId G) { return P.Locks.info(G).ThroughPointer; });
  }
  llvm::erase_if(All.Edges, [](const EdgeObservation &E) { return E.From == E.To; });
  All.BeforeThreads.insert(BeforeThreads.begin(), BeforeThreads.end());
  return All;
}

} // namespace

// Through a parameter or a pointer the object differs from call to call: its record
// field names it program-wide. What a global pointer points to, with no record to name
// it by (`slots[i]` with `int *slots`), is named by the global.
std::string dataLocationOf(const LockRef &L) {
  if (!Linker::byKind(L))
    return L.Path;
  if (L.Fallback.empty() && llvm::StringRef(L.Path).starts_with("@"))
    return L.Path;
  return L.Fallback;
}

Observations analyzeProgram(Program &P, const LinkLimits &Limits) {
  return Linker(P, Limits).run();
}

} // namespace lockgraph
