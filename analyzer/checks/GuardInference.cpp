#include "GuardInference.h"

#include <map>

namespace lockgraph {

InferredGuard inferGuard(const std::vector<const AccessObservation *> &Accesses,
                         double GuardShare, double WriteWeight,
                         const std::function<bool(LockId)> &SameObject) {
  double Total = 0;
  std::map<LockId, std::pair<double, unsigned>> Held; // weight, count
  for (const AccessObservation *A : Accesses) {
    double W = A->Kind == AccessKind::Read ? 1.0 : WriteWeight;
    Total += W;
    for (LockId L : A->Held) {
      Held[L].first += W;
      ++Held[L].second;
    }
  }
  InferredGuard G;
  G.Accesses = Accesses.size();
  double Best = 0;
  bool BestSame = false;
  for (const auto &[L, WC] : Held) {
    bool Same = SameObject(L);
    if (WC.first > Best || (WC.first == Best && Same && !BestSame)) {
      Best = WC.first;
      BestSame = Same;
      G.Lock = L;
      G.HeldAt = WC.second;
    }
  }
  if (G.Lock == NoLock || Best < GuardShare * Total) {
    G.Lock = NoLock;
    G.HeldAt = 0;
  }
  return G;
}

// "struct queue" of "#struct queue.len" (the last segment's record), or "".
static llvm::StringRef recordOf(llvm::StringRef KindPath) {
  if (!KindPath.starts_with("#"))
    return "";
  KindPath = KindPath.substr(KindPath.rfind('#') + 1);
  return KindPath.substr(0, KindPath.rfind('.'));
}

LocationGuards inferLocationGuards(const CheckContext &C) {
  LocationGuards Out;
  for (const AccessObservation &A : C.Obs.Accesses)
    // Start-up code runs alone, and a function's own local (a stats struct it fills and
    // then merges under the lock of the global one of the same type) is its own:
    // neither is evidence nor a race.
    if (!A.BeforeThreads && !A.LocalObject)
      Out.Accesses[A.Location].push_back(&A);
  for (const auto &[Location, Accesses] : Out.Accesses) {
    if (C.Threads.singleThreaded(Accesses))
      continue;
    auto Declared = llvm::find_if(Accesses, [](const AccessObservation *A) {
      return A->DeclaredGuard != NoLock;
    });
    if (Declared != Accesses.end()) {
      InferredGuard G;
      G.Lock = (*Declared)->DeclaredGuard;
      G.Declared = true;
      G.Accesses = Accesses.size();
      for (const AccessObservation *A : Accesses)
        G.HeldAt += std::binary_search(A->Held.begin(), A->Held.end(), G.Lock);
      Out.Guards[Location] = G;
      continue;
    }
    llvm::StringRef Record = recordOf(Location);
    InferredGuard G = inferGuard(Accesses, C.Opts.GuardShare, C.Opts.WriteWeight, [&](LockId L) {
      return !Record.empty() && recordOf(C.P.Locks.info(L).Ref.Path) == Record;
    });
    if (G.Lock != NoLock)
      Out.Guards[Location] = G;
  }
  return Out;
}

} // namespace lockgraph
