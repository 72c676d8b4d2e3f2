// lock-order-inversion: a cycle in the program-wide lock-order graph. An edge A -> B
// means B was acquired (directly or in a callee) while A was held. Not reported: cycles
// whose every edge was taken under one common gate lock, orders taken by trylock (no
// edge leads into a try-acquired lock), std::lock / scoped_lock groups (no order among
// the group), cycles of read locks only (reader-preferring rwlocks), cycles two of whose
// edges need one lock held at once (CycleSearch.h), and, unless --include-may, edges
// whose outer lock is held on some paths only.
#include "Check.h"

#include "../LockPath.h"
#include "../Lockset.h"

#include "lockgraph/CycleSearch.h"
#include "lockgraph/Fingerprint.h"

#include <map>
#include <set>

namespace lockgraph {
namespace {

struct MergedEdge {
  const EdgeObservation *First = nullptr; // the occurrence shown: earliest site
  std::vector<LockId> Gates;              // gates shared by every occurrence
  bool MayOnly = true;
  bool ReadRead = true;                   // every occurrence is read-held, read-requested
  unsigned Count = 0;
};

bool siteBefore(const CheckContext &C, const ProgramSite &A, const ProgramSite &B) {
  const std::string &FA = C.P.file(A.File), &FB = C.P.file(B.File);
  return std::tie(FA, A.Line, A.Column) < std::tie(FB, B.Line, B.Column);
}

LockEdge toLockEdge(const CheckContext &C, const MergedEdge &M) {
  const EdgeObservation &E = *M.First;
  LockEdge L;
  L.From = C.lockName(E.From);
  L.To = C.lockName(E.To);
  L.FromKey = C.lockKey(E.From);
  L.ToKey = C.lockKey(E.To);
  L.Site = C.location(E.Site);
  L.HeldSite = C.location(E.HeldSite);
  L.Function = C.function(E.Function).Name;
  for (const CallStep &S : E.Chain)
    L.CallChain.push_back(S.Function + " (" + C.where(S.Site) + ")");
  L.MayOnly = M.MayOnly;
  return L;
}

} // namespace

void checkLockOrderInversion(CheckContext &C) {
  std::map<std::pair<LockId, LockId>, MergedEdge> Merged;
  for (const EdgeObservation &E : C.Obs.Edges) {
    MergedEdge &M = Merged[{E.From, E.To}];
    if (!M.First) {
      M.First = &E;
      M.Gates = E.Gates;
    } else {
      if (siteBefore(C, E.Site, M.First->Site))
        M.First = &E;
      intersectSorted(M.Gates, E.Gates);
    }
    M.MayOnly = M.MayOnly && E.MayOnly;
    M.ReadRead = M.ReadRead && E.ReadRead;
    ++M.Count;
  }

  std::vector<GraphEdge> Graph;
  std::vector<const MergedEdge *> ByIndex;
  std::map<std::pair<LockId, LockId>, size_t> GraphIndex;
  auto AddEdge = [&](LockId From, LockId To, const MergedEdge &M) {
    if (From == To || !GraphIndex.emplace(std::make_pair(From, To), Graph.size()).second)
      return;
    Graph.push_back({From, To, M.Gates});
    ByIndex.push_back(&M);
  };
  for (const auto &[Key, M] : Merged)
    if (!M.MayOnly || C.Opts.IncludeMay)
      AddEdge(Key.first, Key.second, M);
  // A lock named by type and field chain (`struct pool.have.mutex`, reached through a
  // pointer no call site binds) stands for every object of that kind, so its edges also
  // hold for each named object of that kind (`out_pool.have.mutex`). Few objects per
  // kind are named in real code; past a handful the kind is left as it is. A coarser
  // kind's edges are not carried over to finer kinds (`struct lock_s.mutex` held is not
  // evidence that `struct pool.have.mutex` is): on pigz's fixed release that made a
  // cycle out of two different locks. Kinds only merge cycles that are one bug, below.
  std::map<LockId, std::vector<LockId>> Instances;
  std::map<LockId, LockId> Coarsest; // a lock -> the widest kind in the graph it is of
  {
    std::set<LockId> InGraph;
    for (const auto &[Key, M] : Merged)
      InGraph.insert({Key.first, Key.second});
    for (LockId L : InGraph) {
      const LockInfo &Info = C.P.Locks.info(L);
      bool Named = Info.Exact, Kind = Info.Ref.Path[0] == '#';
      if (!Named && !Kind)
        continue; // an array element stands for many objects already
      std::vector<llvm::StringRef> Segs =
          fallbackSegments(Kind ? llvm::StringRef(Info.Ref.Path) : Info.Ref.Fallback);
      for (size_t Keep = 1; Keep <= Segs.size(); ++Keep) {
        LockId K = C.P.Locks.find(joinFallback(llvm::ArrayRef(Segs).take_back(Keep)));
        if (K == NoLock || K == L || !InGraph.count(K))
          continue;
        Coarsest.try_emplace(L, K);
        if (Named && Keep == Segs.size())
          Instances[K].push_back(L);
      }
    }
  }
  constexpr size_t MaxInstances = 8;
  for (const auto &[Key, M] : Merged) {
    if (M.MayOnly && !C.Opts.IncludeMay)
      continue;
    auto Of = [&](LockId L) {
      std::vector<LockId> Out{L};
      auto It = Instances.find(L);
      if (It != Instances.end() && It->second.size() <= MaxInstances)
        Out.insert(Out.end(), It->second.begin(), It->second.end());
      return Out;
    };
    for (LockId From : Of(Key.first))
      for (LockId To : Of(Key.second))
        AddEdge(From, To, M);
  }
  CycleSearchResult Found = findLockCycles(C.P.Locks.size(), Graph);
  // A cycle through named objects and the same cycle through their kinds are one bug:
  // report the one that names the most objects.
  auto KindOf = [&](LockId L) {
    auto It = Coarsest.find(L);
    return It == Coarsest.end() ? L : It->second;
  };
  {
    std::map<std::vector<LockId>, std::pair<size_t, size_t>> Best; // kinds -> named, cycle
    for (size_t I = 0; I < Found.Cycles.size(); ++I) {
      std::vector<LockId> Kinds;
      size_t Named = 0;
      for (size_t E : Found.Cycles[I]) {
        Kinds.push_back(KindOf(Graph[E].From));
        Named += C.P.Locks.info(Graph[E].From).Exact;
      }
      std::sort(Kinds.begin(), Kinds.end());
      auto [It, New] = Best.try_emplace(Kinds, Named, I);
      if (!New && Named > It->second.first)
        It->second = {Named, I};
    }
    std::vector<std::vector<size_t>> Kept;
    for (size_t I = 0; I < Found.Cycles.size(); ++I)
      if (llvm::any_of(Best, [&](const auto &B) { return B.second.second == I; }))
        Kept.push_back(std::move(Found.Cycles[I]));
    Found.Cycles = std::move(Kept);
  }

  std::map<std::pair<LockId, LockId>, bool> InCycle;
  for (std::vector<size_t> Cycle : Found.Cycles) {
    // Readers of a reader-preferring rwlock (glibc's default, std::shared_mutex) never
    // wait for readers: a cycle of read-held, read-requested edges cannot block.
    if (llvm::all_of(Cycle, [&](size_t I) { return ByIndex[I]->ReadRead; }))
      continue;
    // Start at the smallest lock so the same cycle always reads the same.
    auto Smallest = std::min_element(Cycle.begin(), Cycle.end(), [&](size_t A, size_t B) {
      return C.lockKey(Graph[A].From) < C.lockKey(Graph[B].From);
    });
    std::rotate(Cycle.begin(), Smallest, Cycle.end());
    size_t PrimaryIdx = 0;
    for (size_t I = 1; I < Cycle.size(); ++I)
      if (siteBefore(C, ByIndex[Cycle[I]]->First->Site, ByIndex[Cycle[PrimaryIdx]]->First->Site))
        PrimaryIdx = I;

    Finding F;
    F.RuleId = "lock-order-inversion";
    std::vector<std::string> Keys;
    for (size_t I : Cycle) {
      F.Locks.push_back(C.lockName(Graph[I].From));
      Keys.push_back(C.lockKey(Graph[I].From));
      InCycle[{ByIndex[I]->First->From, ByIndex[I]->First->To}] = true;
    }
    const EdgeObservation &Primary = *ByIndex[Cycle[PrimaryIdx]]->First;
    F.Function = C.function(Primary.Function).Name;

    std::string Order;
    for (const std::string &L : F.Locks)
      Order += "'" + L + "' -> ";
    Order += "'" + F.Locks.front() + "'";
    F.Message = "potential deadlock: lock order cycle " + Order + "; '" +
                C.lockName(Primary.To) + "' is acquired here while holding '" +
                C.lockName(Primary.From) + "' in '" + F.Function + "'";
    for (size_t K = 1; K < Cycle.size(); ++K) {
      const EdgeObservation &E = *ByIndex[Cycle[(PrimaryIdx + K) % Cycle.size()]]->First;
      F.Message += ", '" + C.lockName(E.To) + "' while holding '" + C.lockName(E.From) +
                   "' at " + C.where(E.Site) + " in '" + C.function(E.Function).Name + "'";
    }

    for (size_t I : Cycle) {
      const MergedEdge &M = *ByIndex[I];
      const EdgeObservation &E = *M.First;
      // Notes speak of the locks as the code at each site spells them (`p->have`); the
      // cycle itself names them by identity, which may be a type and field chain.
      std::string From = E.FromName.empty() ? C.lockName(E.From) : E.FromName;
      std::string To = E.ToName.empty() ? C.lockName(E.To) : E.ToName;
      std::string Fn = C.function(E.Function).Name;
      Flow Path;
      F.Notes.push_back({C.location(E.HeldSite), "'" + From + "' acquired here in '" + Fn + "'"});
      Path.push_back({C.location(E.HeldSite), "'" + From + "' acquired", Fn});
      std::string Take = E.Chain.empty()
                             ? "'" + To + "' acquired here while holding '" + From + "'"
                             : "call to '" + E.Chain.front().Function + "' acquires '" + To +
                                   "' while holding '" + From + "'";
      F.Notes.push_back({C.location(E.Site), Take});
      Path.push_back({C.location(E.Site), Take, Fn});
      C.describeChain(E.Chain, F, &Path);
      for (const ProgramSite &B : E.BoundAt)
        F.Notes.push_back({C.location(B), "the locks above are the objects this call passes"});
      F.Flows.push_back(std::move(Path));
      LockEdge L = toLockEdge(C, M);
      L.InCycle = true;
      F.Edges.push_back(std::move(L));
    }
    F.Fingerprint = computeFingerprint(F.RuleId, Keys);
    C.report(std::move(F), Primary.Site);
  }

  for (const auto &[Key, M] : Merged) {
    LockEdge L = toLockEdge(C, M);
    L.InCycle = InCycle.count(Key);
    C.Out.Graph.push_back(std::move(L));
  }
}

} // namespace lockgraph
