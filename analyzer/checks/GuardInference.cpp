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

} // namespace lockgraph
