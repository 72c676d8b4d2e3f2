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

void LockState::hold(HeldLock H) {
  H.Under = Assumed;
  auto It = lowerBound(Held, H.Lock);
  if (It != Held.end() && It->Lock == H.Lock)
    *It = H;
  else
    Held.insert(It, H);
  auto R = lowerBound(Released, H.Lock);
  if (R != Released.end() && R->Lock == H.Lock)
    Released.erase(R);
  auto G = std::lower_bound(Gone.begin(), Gone.end(), H.Lock);
  if (G != Gone.end() && *G == H.Lock) {
    Gone.erase(G);
    It = lowerBound(Held, H.Lock);
    It->Regained = true;
  }
}

bool LockState::drop(LockId L) {
  auto It = lowerBound(Held, L);
  if (It == Held.end() || It->Lock != L)
    return false;
  if (It->Depth > 1) {
    --It->Depth;
    return true;
  }
  bool Regained = It->Regained;
  Held.erase(It);
  if (Regained)
    markGone(L);
  return true;
}

void LockState::reacquire(LockId L) {
  auto It = lowerBound(Held, L);
  if (It != Held.end() && It->Lock == L && It->Depth < 64)
    ++It->Depth;
}

void LockState::markReleased(LockId L, ProgramSite Site) {
  auto It = lowerBound(Released, L);
  if (It != Released.end() && It->Lock == L) {
    It->Site = Site;
    It->Under = Assumed;
  } else {
    Released.insert(It, {L, Site, Assumed});
  }
}

static void insertSorted(std::vector<LockId> &V, LockId L) {
  auto It = std::lower_bound(V.begin(), V.end(), L);
  if (It == V.end() || *It != L)
    V.insert(It, L);
}

void LockState::addAcquired(LockId L) { insertSorted(Acquired, L); }

void LockState::markGone(LockId L) { insertSorted(Gone, L); }

void LockState::pend(PendingTry T) {
  auto It = std::lower_bound(Pending.begin(), Pending.end(), T.TryId,
                             [](const PendingTry &X, int Id) { return X.TryId < Id; });
  if (It != Pending.end() && It->TryId == T.TryId)
    *It = std::move(T);
  else
    Pending.insert(It, std::move(T));
}

bool LockState::assume(uint32_t Var, bool Value) {
  auto It = std::lower_bound(Assumed.begin(), Assumed.end(), Assumption(Var, false));
  if (It != Assumed.end() && It->first == Var)
    return It->second == Value;
  Assumed.insert(It, {Var, Value});
  Held.erase(std::remove_if(Held.begin(), Held.end(),
                            [&](const HeldLock &H) {
                              return std::binary_search(H.Under.begin(), H.Under.end(),
                                                        Assumption(Var, !Value));
                            }),
             Held.end());
  // A release made under the other value of Var did not happen on this path.
  Released.erase(std::remove_if(Released.begin(), Released.end(),
                                [&](const ReleasedLock &R) {
                                  return std::binary_search(R.Under.begin(), R.Under.end(),
                                                            Assumption(Var, !Value));
                                }),
                 Released.end());
  for (HeldLock &H : Held)
    if (H.MustWhen == Assumption(Var, Value)) {
      H.Must = true;
      H.MustWhen.reset();
    }
  return true;
}

static void setAssumption(std::vector<Assumption> &List, uint32_t Var, bool Value) {
  auto It = std::lower_bound(List.begin(), List.end(), Assumption(Var, false));
  if (It != List.end() && It->first == Var)
    It->second = Value;
  else
    List.insert(It, {Var, Value});
}

void LockState::assign(uint32_t Var, bool Value) {
  setAssumption(Assumed, Var, Value);
  for (HeldLock &H : Held)
    setAssumption(H.Under, Var, Value);
  for (ReleasedLock &R : Released)
    setAssumption(R.Under, Var, Value);
}

static void eraseVar(std::vector<Assumption> &List, uint32_t Var) {
  auto It = std::lower_bound(List.begin(), List.end(), Assumption(Var, false));
  if (It != List.end() && It->first == Var)
    List.erase(It);
}

void LockState::forget(uint32_t Var) {
  eraseVar(Assumed, Var);
  for (HeldLock &H : Held) {
    eraseVar(H.Under, Var);
    if (H.MustWhen && H.MustWhen->first == Var)
      H.MustWhen.reset();
  }
  for (ReleasedLock &R : Released)
    eraseVar(R.Under, Var);
}

void LockState::holdWhen(HeldLock H, Assumption When) {
  H.Must = false;
  H.MustWhen = When;
  hold(H);
  auto It = lowerBound(Held, H.Lock);
  setAssumption(It->Under, When.first, When.second);
}

std::vector<LockId> LockState::heldIds() const {
  std::vector<LockId> Out;
  Out.reserve(Held.size());
  for (const HeldLock &H : Held)
    Out.push_back(H.Lock);
  return Out;
}

void intersectSorted(std::vector<LockId> &Into, const std::vector<LockId> &Other) {
  std::vector<LockId> Common;
  std::set_intersection(Into.begin(), Into.end(), Other.begin(), Other.end(),
                        std::back_inserter(Common));
  Into.swap(Common);
}

// A condition of List that every path of Other contradicts: it tells the paths apart.
static std::optional<Assumption> distinguishing(const std::vector<Assumption> &List,
                                                const LockState &Other) {
  for (const Assumption &A : List)
    if (std::binary_search(Other.Assumed.begin(), Other.Assumed.end(),
                           Assumption(A.first, !A.second)))
      return A;
  return std::nullopt;
}

// H is held on the paths of Side and not on those of Other: may-held after the join,
// held exactly where a condition that tells Side's paths apart holds, and not held
// where it does not.
static HeldLock heldOnOneSide(HeldLock H, const LockState &Side, const LockState &Other) {
  std::optional<Assumption> Apart = distinguishing(Side.Assumed, Other);
  if (Apart)
    setAssumption(H.Under, Apart->first, Apart->second);
  if (H.Must) {
    H.MustWhen = distinguishing(H.Under, Other);
  } else if (H.MustWhen &&
             !std::binary_search(Other.Assumed.begin(), Other.Assumed.end(),
                                 Assumption(H.MustWhen->first, !H.MustWhen->second))) {
    H.MustWhen.reset();
  }
  H.Must = false;
  return H;
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
      Out.Held.push_back(heldOnOneSide(A.Held[I++], A, B));
    } else if (I == A.Held.size() || B.Held[J].Lock < A.Held[I].Lock) {
      Out.Held.push_back(heldOnOneSide(B.Held[J++], B, A));
    } else {
      const HeldLock &X = A.Held[I++], &Y = B.Held[J++];
      HeldLock H = X;
      H.Must = X.Must && Y.Must;
      // Exclusive on either path: a shared re-acquire there is a real self-deadlock,
      // but we only report what holds on every path, so keep "shared" if either is.
      H.Shared = X.Shared || Y.Shared;
      H.ByTry = X.ByTry || Y.ByTry;
      H.Depth = std::max(X.Depth, Y.Depth);
      H.HandedBy = std::max(X.HandedBy, Y.HandedBy);
      H.Regained = X.Regained || Y.Regained;
      H.Site = std::min(X.Site, Y.Site);
      H.Under.clear();
      std::set_intersection(X.Under.begin(), X.Under.end(), Y.Under.begin(), Y.Under.end(),
                            std::back_inserter(H.Under));
      // Held for certain where the other side holds it for certain, or both only under
      // the same condition.
      if (X.MustWhen == Y.MustWhen)
        H.MustWhen = X.MustWhen;
      else if (X.Must && Y.MustWhen)
        H.MustWhen = Y.MustWhen;
      else if (Y.Must && X.MustWhen)
        H.MustWhen = X.MustWhen;
      else
        H.MustWhen.reset();
      if (H.Must)
        H.MustWhen.reset();
      Out.Held.push_back(H);
    }
  }
  // A release on one side only happened on that side's paths.
  auto ReleasedOnOneSide = [](ReleasedLock R, const LockState &Side, const LockState &Other) {
    if (std::optional<Assumption> Apart = distinguishing(Side.Assumed, Other))
      setAssumption(R.Under, Apart->first, Apart->second);
    return R;
  };
  for (size_t I = 0, J = 0; I < A.Released.size() || J < B.Released.size();) {
    if (J == B.Released.size() ||
        (I < A.Released.size() && A.Released[I].Lock < B.Released[J].Lock))
      Out.Released.push_back(ReleasedOnOneSide(A.Released[I++], A, B));
    else if (I == A.Released.size() || B.Released[J].Lock < A.Released[I].Lock)
      Out.Released.push_back(ReleasedOnOneSide(B.Released[J++], B, A));
    else {
      ReleasedLock R{A.Released[I].Lock, std::min(A.Released[I].Site, B.Released[J].Site), {}};
      std::set_intersection(A.Released[I].Under.begin(), A.Released[I].Under.end(),
                            B.Released[J].Under.begin(), B.Released[J].Under.end(),
                            std::back_inserter(R.Under));
      Out.Released.push_back(std::move(R));
      ++I, ++J;
    }
  }
  std::set_intersection(A.Assumed.begin(), A.Assumed.end(), B.Assumed.begin(),
                        B.Assumed.end(), std::back_inserter(Out.Assumed));
  std::set_intersection(A.Acquired.begin(), A.Acquired.end(), B.Acquired.begin(),
                        B.Acquired.end(), std::back_inserter(Out.Acquired));
  std::set_intersection(A.Gone.begin(), A.Gone.end(), B.Gone.begin(), B.Gone.end(),
                        std::back_inserter(Out.Gone));
  std::merge(A.Pending.begin(), A.Pending.end(), B.Pending.begin(), B.Pending.end(),
             std::back_inserter(Out.Pending),
             [](const PendingTry &X, const PendingTry &Y) { return X.TryId < Y.TryId; });
  Out.Pending.erase(std::unique(Out.Pending.begin(), Out.Pending.end(),
                                [](const PendingTry &X, const PendingTry &Y) {
                                  return X.TryId == Y.TryId;
                                }),
                    Out.Pending.end());
  return Out;
}

} // namespace lockgraph
