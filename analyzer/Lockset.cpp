#include "Lockset.h"

#include <algorithm>

namespace lockgraph {

template <typename T> static auto lowerBound(std::vector<T> &V, LockId L) {
  return std::lower_bound(V.begin(), V.end(), L,
                          [](const T &E, LockId L) { return E.Lock < L; });
}
template <typename T> static auto lowerBound(const std::vector<T> &V, LockId L) {
  return std::lower_bound(V.begin(), V.end(), L,
                          [](const T &E, LockId L) { return E.Lock < L; });
}

const HeldLock *LockState::held(LockId L) const {
  auto It = lowerBound(Held, L);
  return It != Held.end() && It->Lock == L ? &*It : nullptr;
}

const ReleasedLock *LockState::released(LockId L) const {
  auto It = lowerBound(Released, L);
  return It != Released.end() && It->Lock == L ? &*It : nullptr;
}

void LockState::hold(const HeldLock &H) {
  auto It = lowerBound(Held, H.Lock);
  if (It != Held.end() && It->Lock == H.Lock)
    *It = H;
  else
    Held.insert(It, H);
  auto R = lowerBound(Released, H.Lock);
  if (R != Released.end() && R->Lock == H.Lock)
    Released.erase(R);
}

bool LockState::drop(LockId L) {
  auto It = lowerBound(Held, L);
  if (It == Held.end() || It->Lock != L)
    return false;
  Held.erase(It);
  return true;
}

void LockState::markReleased(LockId L, ProgramSite Site) {
  auto It = lowerBound(Released, L);
  if (It != Released.end() && It->Lock == L)
    It->Site = Site;
  else
    Released.insert(It, {L, Site});
}

void LockState::addForeign(LockId L) {
  auto It = std::lower_bound(Foreign.begin(), Foreign.end(), L);
  if (It == Foreign.end() || *It != L)
    Foreign.insert(It, L);
}

std::vector<LockId> LockState::heldIds() const {
  std::vector<LockId> Out;
  Out.reserve(Held.size());
  for (const HeldLock &H : Held)
    Out.push_back(H.Lock);
  return Out;
}

LockState join(const LockState &A, const LockState &B) {
  if (!A.Reachable)
    return B;
  if (!B.Reachable)
    return A;
  LockState Out;
  Out.Reachable = true;
  size_t I = 0, J = 0;
  while (I < A.Held.size() || J < B.Held.size()) {
    if (J == B.Held.size() || (I < A.Held.size() && A.Held[I].Lock < B.Held[J].Lock)) {
      HeldLock H = A.Held[I++];
      H.Must = false;
      Out.Held.push_back(H);
    } else if (I == A.Held.size() || B.Held[J].Lock < A.Held[I].Lock) {
      HeldLock H = B.Held[J++];
      H.Must = false;
      Out.Held.push_back(H);
    } else {
      const HeldLock &X = A.Held[I++], &Y = B.Held[J++];
      HeldLock H = X;
      H.Must = X.Must && Y.Must;
      // Exclusive on either path: a shared re-acquire there is a real self-deadlock,
      // but we only report what holds on every path, so keep "shared" if either is.
      H.Shared = X.Shared || Y.Shared;
      H.ByTry = X.ByTry || Y.ByTry;
      H.Site = std::min(X.Site, Y.Site);
      Out.Held.push_back(H);
    }
  }
  for (const ReleasedLock &R : A.Released)
    if (const ReleasedLock *Other = B.released(R.Lock))
      Out.Released.push_back({R.Lock, std::min(R.Site, Other->Site)});
  std::merge(A.Pending.begin(), A.Pending.end(), B.Pending.begin(), B.Pending.end(),
             std::back_inserter(Out.Pending),
             [](const PendingTry &X, const PendingTry &Y) { return X.TryId < Y.TryId; });
  Out.Pending.erase(std::unique(Out.Pending.begin(), Out.Pending.end(),
                                [](const PendingTry &X, const PendingTry &Y) {
                                  return X.TryId == Y.TryId;
                                }),
                    Out.Pending.end());
  std::set_union(A.Foreign.begin(), A.Foreign.end(), B.Foreign.begin(), B.Foreign.end(),
                 std::back_inserter(Out.Foreign));
  return Out;
}

} // namespace lockgraph
