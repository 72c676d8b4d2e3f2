// Guard inference (analyzer/checks/GuardInference.h): weighted shares, the threshold,
// and ties between a location's own lock and an unrelated one.
#include "checks/GuardInference.h"

#include <gtest/gtest.h>

using namespace lockgraph;

namespace {

AccessObservation access(AccessKind K, std::vector<LockId> Held) {
  AccessObservation A;
  A.Kind = K;
  A.Held = std::move(Held);
  return A;
}

InferredGuard infer(const std::vector<AccessObservation> &Accesses, double Share = 0.5,
                    double WriteWeight = 2, LockId Same = NoLock) {
  std::vector<const AccessObservation *> Ptrs;
  for (const AccessObservation &A : Accesses)
    Ptrs.push_back(&A);
  return inferGuard(Ptrs, Share, WriteWeight, [&](LockId L) { return L == Same; });
}

constexpr auto R = AccessKind::Read;
constexpr auto W = AccessKind::Write;
constexpr auto U = AccessKind::ReadModifyWrite;

TEST(GuardInferenceTest, WritesWeighDouble) {
  // Lock 1 at one update and one read (2 + 1 of 5 = 0.6): the guard. With writes as
  // plain accesses it is 2 of 3 = 0.67, still the guard; at a 0.7 share neither is.
  std::vector<AccessObservation> A = {access(U, {1}), access(R, {1}), access(U, {})};
  InferredGuard G = infer(A);
  EXPECT_EQ(G.Lock, 1u);
  EXPECT_EQ(G.HeldAt, 2u);
  EXPECT_EQ(G.Accesses, 3u);
  EXPECT_EQ(infer(A, 0.6, 1).Lock, 1u);
  EXPECT_EQ(infer(A, 0.7, 2).Lock, NoLock);
  EXPECT_EQ(infer(A, 0.7, 1).Lock, NoLock);
}

TEST(GuardInferenceTest, ReadsAloneDoNotOutweighUnlockedWrites) {
  // Three reads under lock 1 (3) against two unlocked writes (4): 3 of 7 < 0.5.
  std::vector<AccessObservation> A = {access(R, {1}), access(R, {1}), access(R, {1}),
                                      access(W, {}), access(U, {})};
  EXPECT_EQ(infer(A).Lock, NoLock);
}

TEST(GuardInferenceTest, NoLockAtAllIsNoGuard) {
  EXPECT_EQ(infer({access(U, {}), access(R, {})}).Lock, NoLock);
  EXPECT_EQ(infer({}).Lock, NoLock);
}

TEST(GuardInferenceTest, TheMostHeldLockWinsAndTiesGoToTheObjectsOwnLock) {
  // Lock 2 (a global) and lock 5 (the object's own) held at the same accesses: 5 wins
  // whichever id is lower; a lock held more often wins regardless.
  std::vector<AccessObservation> Tie = {access(U, {2, 5}), access(R, {2, 5}), access(U, {})};
  EXPECT_EQ(infer(Tie, 0.5, 2, /*Same=*/5).Lock, 5u);
  EXPECT_EQ(infer(Tie, 0.5, 2, /*Same=*/NoLock).Lock, 2u); // no preference: lowest id
  std::vector<AccessObservation> More = {access(U, {2, 5}), access(R, {2}), access(U, {2})};
  EXPECT_EQ(infer(More, 0.5, 2, /*Same=*/5).Lock, 2u);
}

} // namespace
