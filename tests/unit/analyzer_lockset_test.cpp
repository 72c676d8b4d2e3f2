// The lockset lattice of the link step (analyzer/Lockset.h): join, hold / drop with
// re-acquisition depth, released marks, and branch assumptions.
#include "Lockset.h"

#include <gtest/gtest.h>

using namespace lockgraph;

namespace {

ProgramSite site(uint32_t Line, uint32_t File = 0) { return {File, Line, 1}; }

HeldLock heldLock(LockId L, uint32_t Line, bool Shared = false) {
  HeldLock H;
  H.Lock = L;
  H.Shared = Shared;
  H.Site = site(Line);
  return H;
}

LockState reachable() {
  LockState S;
  S.Reachable = true;
  return S;
}

TEST(LocksetTest, HoldKeepsLocksSortedAndFindsThem) {
  LockState S = reachable();
  S.hold(heldLock(7, 1));
  S.hold(heldLock(2, 2));
  S.hold(heldLock(5, 3));
  EXPECT_EQ(S.heldIds(), (std::vector<LockId>{2, 5, 7}));
  ASSERT_NE(S.held(5), nullptr);
  EXPECT_EQ(S.held(5)->Site, site(3));
  EXPECT_EQ(S.held(3), nullptr);
  EXPECT_EQ(S.held(NoLock), nullptr);
}

TEST(LocksetTest, HoldRecordsTheCurrentAssumptions) {
  LockState S = reachable();
  ASSERT_TRUE(S.assume(4, true));
  ASSERT_TRUE(S.assume(1, false));
  S.hold(heldLock(3, 1));
  ASSERT_NE(S.held(3), nullptr);
  EXPECT_EQ(S.held(3)->Under, (std::vector<Assumption>{{1, false}, {4, true}}));
}

TEST(LocksetTest, HoldClearsAReleasedMark) {
  LockState S = reachable();
  S.markReleased(3, site(10));
  ASSERT_NE(S.released(3), nullptr);
  S.hold(heldLock(3, 11));
  EXPECT_EQ(S.released(3), nullptr);
  EXPECT_NE(S.held(3), nullptr);
}

TEST(LocksetTest, HoldReplacesAnExistingEntry) {
  LockState S = reachable();
  S.hold(heldLock(3, 1));
  S.reacquire(3);
  S.hold(heldLock(3, 9, /*Shared=*/true));
  ASSERT_EQ(S.Held.size(), 1u);
  EXPECT_EQ(S.Held[0].Site, site(9));
  EXPECT_TRUE(S.Held[0].Shared);
  EXPECT_EQ(S.Held[0].Depth, 1u);
}

TEST(LocksetTest, DropHonoursReacquisitionDepth) {
  LockState S = reachable();
  S.hold(heldLock(1, 1));
  S.reacquire(1);
  S.reacquire(1);
  ASSERT_NE(S.held(1), nullptr);
  EXPECT_EQ(S.held(1)->Depth, 3u);

  EXPECT_TRUE(S.drop(1));
  ASSERT_NE(S.held(1), nullptr);
  EXPECT_EQ(S.held(1)->Depth, 2u);
  EXPECT_TRUE(S.drop(1));
  ASSERT_NE(S.held(1), nullptr);
  EXPECT_EQ(S.held(1)->Depth, 1u);
  EXPECT_TRUE(S.drop(1));
  EXPECT_EQ(S.held(1), nullptr);
  EXPECT_FALSE(S.drop(1)) << "dropping a lock not held";
}

TEST(LocksetTest, ReacquireOfANonHeldLockDoesNothingAndDepthIsCapped) {
  LockState S = reachable();
  S.reacquire(4);
  EXPECT_TRUE(S.Held.empty());
  S.hold(heldLock(4, 1));
  for (int I = 0; I < 100; ++I)
    S.reacquire(4);
  EXPECT_EQ(S.held(4)->Depth, 64u);
}

TEST(LocksetTest, MarkReleasedUpdatesTheSite) {
  LockState S = reachable();
  S.markReleased(6, site(1));
  S.markReleased(2, site(2));
  S.markReleased(6, site(3));
  ASSERT_EQ(S.Released.size(), 2u);
  EXPECT_EQ(S.Released[0].Lock, 2u);
  EXPECT_EQ(S.Released[1].Lock, 6u);
  EXPECT_EQ(S.released(6)->Site, site(3));
}

TEST(LocksetTest, AddAcquiredIsASortedSet) {
  LockState S = reachable();
  S.addAcquired(5);
  S.addAcquired(1);
  S.addAcquired(5);
  EXPECT_EQ(S.Acquired, (std::vector<LockId>{1, 5}));
}

TEST(LocksetTest, JoinWithUnreachableIsIdentity) {
  LockState A = reachable();
  A.hold(heldLock(1, 1));
  A.markReleased(2, site(2));
  LockState Dead;
  EXPECT_EQ(join(A, Dead), A);
  EXPECT_EQ(join(Dead, A), A);
  EXPECT_FALSE(join(Dead, Dead).Reachable);
}

TEST(LocksetTest, JoinMustAndMay) {
  LockState A = reachable(), B = reachable();
  A.hold(heldLock(1, 10)); // both
  B.hold(heldLock(1, 20));
  A.hold(heldLock(2, 11)); // only A
  B.hold(heldLock(3, 21)); // only B
  LockState J = join(A, B);
  ASSERT_TRUE(J.Reachable);
  EXPECT_EQ(J.heldIds(), (std::vector<LockId>{1, 2, 3}));
  EXPECT_TRUE(J.held(1)->Must);
  EXPECT_EQ(J.held(1)->Site, site(10)) << "the smaller site of the two";
  EXPECT_FALSE(J.held(2)->Must);
  EXPECT_FALSE(J.held(3)->Must);
  EXPECT_EQ(J.held(3)->Site, site(21));

  // May on one side makes may.
  LockState C = reachable();
  HeldLock May = heldLock(1, 5);
  May.Must = false;
  C.hold(May);
  EXPECT_FALSE(join(A, C).held(1)->Must);
  EXPECT_FALSE(join(C, A).held(1)->Must);
}

TEST(LocksetTest, JoinMergesHeldAttributes) {
  LockState A = reachable(), B = reachable();
  HeldLock X = heldLock(1, 3, /*Shared=*/true);
  X.Depth = 2;
  HeldLock Y = heldLock(1, 4);
  Y.ByTry = true;
  Y.Depth = 3;
  A.Held = {X};
  B.Held = {Y};
  A.Held[0].Under = {{0, true}, {1, false}, {2, true}};
  B.Held[0].Under = {{1, false}, {2, true}, {3, true}};
  HeldLock J = join(A, B).Held.at(0);
  EXPECT_TRUE(J.Must);
  EXPECT_TRUE(J.Shared) << "shared on either side";
  EXPECT_TRUE(J.ByTry) << "by try on either side";
  EXPECT_EQ(J.Depth, 3u) << "the deeper of the two";
  EXPECT_EQ(J.Under, (std::vector<Assumption>{{1, false}, {2, true}}));
}

TEST(LocksetTest, JoinKeepsReleasedMarksFromEitherSide) {
  LockState A = reachable(), B = reachable();
  A.markReleased(1, site(8));
  A.markReleased(4, site(9));
  B.markReleased(1, site(5));
  B.markReleased(2, site(6));
  LockState J = join(A, B);
  ASSERT_EQ(J.Released.size(), 3u);
  EXPECT_EQ(J.Released[0].Lock, 1u);
  EXPECT_EQ(J.Released[0].Site, site(5)) << "the smaller site on both";
  EXPECT_EQ(J.Released[1].Lock, 2u);
  EXPECT_EQ(J.Released[2].Lock, 4u);
}

TEST(LocksetTest, JoinIntersectsAssumptions) {
  LockState A = reachable(), B = reachable();
  ASSERT_TRUE(A.assume(0, true));
  ASSERT_TRUE(A.assume(1, true));
  ASSERT_TRUE(A.assume(2, false));
  ASSERT_TRUE(B.assume(0, false)); // opposite value: not agreed
  ASSERT_TRUE(B.assume(1, true));
  ASSERT_TRUE(B.assume(2, false));
  EXPECT_EQ(join(A, B).Assumed, (std::vector<Assumption>{{1, true}, {2, false}}));
}

TEST(LocksetTest, JoinUnitesPendingTries) {
  LockState A = reachable(), B = reachable();
  A.Pending = {{0, {1}, false, site(1)}, {2, {3}, false, site(2)}};
  B.Pending = {{1, {4}, true, site(3)}, {2, {3}, false, site(2)}};
  LockState J = join(A, B);
  ASSERT_EQ(J.Pending.size(), 3u);
  EXPECT_EQ(J.Pending[0].TryId, 0);
  EXPECT_EQ(J.Pending[1].TryId, 1);
  EXPECT_EQ(J.Pending[2].TryId, 2);
}

TEST(LocksetTest, JoinIntersectsMustAcquisitions) {
  LockState A = reachable(), B = reachable();
  A.addAcquired(1);
  A.addAcquired(3);
  B.addAcquired(3);
  B.addAcquired(4);
  EXPECT_EQ(join(A, B).Acquired, (std::vector<LockId>{3}));
}

TEST(LocksetTest, JoinIsCommutativeOnHeldSets) {
  LockState A = reachable(), B = reachable();
  A.hold(heldLock(1, 1));
  A.hold(heldLock(3, 2));
  B.hold(heldLock(2, 3));
  B.hold(heldLock(3, 4));
  EXPECT_EQ(join(A, B), join(B, A));
}

TEST(LocksetTest, AssumeRecordsAndDetectsContradiction) {
  LockState S = reachable();
  EXPECT_TRUE(S.assume(3, true));
  EXPECT_TRUE(S.assume(1, false));
  EXPECT_EQ(S.Assumed, (std::vector<Assumption>{{1, false}, {3, true}}));
  EXPECT_TRUE(S.assume(3, true)) << "the same branch again";
  EXPECT_FALSE(S.assume(3, false)) << "the other branch of a variable already decided";
  EXPECT_FALSE(S.assume(1, true));
  EXPECT_EQ(S.Assumed, (std::vector<Assumption>{{1, false}, {3, true}}));
}

TEST(LocksetTest, AssumeDropsLocksTakenUnderTheOppositeCondition) {
  // if (x) lock(L1); lock(L2); ... if (!x) here: L1 cannot be held.
  LockState Taken = reachable();
  ASSERT_TRUE(Taken.assume(0, true));
  Taken.hold(heldLock(1, 1));
  LockState NotTaken = reachable();
  ASSERT_TRUE(NotTaken.assume(0, false));
  LockState J = join(Taken, NotTaken);
  EXPECT_TRUE(J.Assumed.empty());
  J.hold(heldLock(2, 2)); // under no assumption
  ASSERT_NE(J.held(1), nullptr);
  EXPECT_FALSE(J.held(1)->Must);

  LockState Else = J;
  EXPECT_TRUE(Else.assume(0, false));
  EXPECT_EQ(Else.held(1), nullptr) << "L1 was taken only where x is true";
  EXPECT_NE(Else.held(2), nullptr);

  LockState Then = J;
  EXPECT_TRUE(Then.assume(0, true));
  EXPECT_NE(Then.held(1), nullptr);
  EXPECT_NE(Then.held(2), nullptr);
}

TEST(LocksetTest, AssumeOnAnotherVariableKeepsLocks) {
  LockState S = reachable();
  ASSERT_TRUE(S.assume(0, true));
  S.hold(heldLock(1, 1));
  S.Assumed.clear(); // as after a join with a path that did not decide x
  EXPECT_TRUE(S.assume(5, false));
  EXPECT_NE(S.held(1), nullptr);
}

// xz's mythread_sync: `for (i = 0; i ? (unlock, 0) : (lock, 1); i = 1)`. At the loop
// head the lock is held on the back edge (i == 1) and not on entry (i == 0): may-held,
// but held exactly when i is true, so the unlock arm holds it for certain.
TEST(LocksetTest, OneSidedLockIsMustUnderTheConditionThatSeparatesThePaths) {
  LockState Entry = reachable();
  Entry.assign(9, false);
  LockState Back = reachable();
  Back.assign(9, false);
  Back.hold(heldLock(3, 1));
  Back.assign(9, true);
  LockState Head = join(Entry, Back);
  ASSERT_NE(Head.held(3), nullptr);
  EXPECT_FALSE(Head.held(3)->Must);
  EXPECT_EQ(Head.held(3)->MustWhen, Assumption(9, true));

  LockState UnlockArm = Head;
  ASSERT_TRUE(UnlockArm.assume(9, true));
  ASSERT_NE(UnlockArm.held(3), nullptr);
  EXPECT_TRUE(UnlockArm.held(3)->Must);
  LockState LockArm = Head;
  ASSERT_TRUE(LockArm.assume(9, false));
  EXPECT_EQ(LockArm.held(3), nullptr);

  // Without a condition that tells the paths apart it stays may-held.
  LockState Plain = reachable();
  Plain.hold(heldLock(3, 1));
  LockState Joined = join(reachable(), Plain);
  EXPECT_FALSE(Joined.held(3)->MustWhen.has_value());
}

TEST(LocksetTest, ReleaseUnderAConditionIsForgottenOnTheOtherBranch) {
  LockState S = reachable();
  ASSERT_TRUE(S.assume(4, true));
  S.markReleased(3, site(10));
  LockState Other = reachable();
  LockState Joined = join(S, Other);
  ASSERT_NE(Joined.released(3), nullptr);
  LockState False = Joined;
  ASSERT_TRUE(False.assume(4, false));
  EXPECT_EQ(False.released(3), nullptr);
  LockState True = Joined;
  ASSERT_TRUE(True.assume(4, true));
  EXPECT_NE(True.released(3), nullptr);
}

} // namespace
