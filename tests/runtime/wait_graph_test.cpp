// Unit tests for the wait-for graph search of the deadlock watchdog (core/WaitGraph):
// cycles of any length found once and rotated to the lowest thread, orphaned waits,
// chains and self-waits that are not deadlocks, signatures.
#include <gtest/gtest.h>

#include <vector>

#include "core/Options.h"
#include "core/WaitGraph.h"

using namespace lockgraph::rt;

namespace {

struct Found {
  std::vector<uint32_t> Threads; // in wait order
  bool Orphan;
  bool SelfWait;
};

void collect(const size_t *Idx, size_t Len, DeadlockKind Kind, void *Ctx) {
  auto *Out = static_cast<std::pair<const std::vector<WaitEdge> *, std::vector<Found>> *>(Ctx);
  Found F{{}, Kind == DeadlockKind::Orphan, Kind == DeadlockKind::SelfWait};
  for (size_t K = 0; K < Len; ++K)
    F.Threads.push_back((*Out->first)[Idx[K]].Thread);
  Out->second.push_back(F);
}

std::vector<Found> run(const std::vector<WaitEdge> &E) {
  std::vector<size_t> Scratch(3 * E.size() + 1);
  std::pair<const std::vector<WaitEdge> *, std::vector<Found>> Ctx{&E, {}};
  findDeadlocks(E.data(), E.size(), Scratch.data(), collect, &Ctx);
  return Ctx.second;
}

WaitEdge edge(uint32_t Thread, uint32_t Lock, uint32_t Owner, bool Exited = false,
              uint64_t Episode = 2) {
  return WaitEdge{Thread, Lock, Owner, Exited, Episode};
}

TEST(WaitGraph, EmptyAndNoOwner) {
  EXPECT_TRUE(run({}).empty());
  EXPECT_TRUE(run({edge(1, 10, kNoThread)}).empty());
}

TEST(WaitGraph, TwoThreadCycle) {
  auto F = run({edge(2, 20, 1), edge(1, 10, 2)});
  ASSERT_EQ(F.size(), 1u);
  EXPECT_FALSE(F[0].Orphan);
  EXPECT_EQ(F[0].Threads, (std::vector<uint32_t>{1, 2})); // starts at the lowest
}

TEST(WaitGraph, ThreeThreadCycleInWaitOrder) {
  // 5 waits for 3's lock, 3 for 7's, 7 for 5's.
  auto F = run({edge(7, 70, 5), edge(5, 50, 3), edge(3, 30, 7)});
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Threads, (std::vector<uint32_t>{3, 7, 5}));
}

TEST(WaitGraph, LongHoldIsNotACycle) {
  // 1 and 2 wait for 3, which runs (is not waiting): a chain, not a deadlock.
  EXPECT_TRUE(run({edge(1, 10, 3), edge(2, 10, 3)}).empty());
  // A chain 1 -> 2 -> 3 -> (running 4).
  EXPECT_TRUE(run({edge(1, 10, 2), edge(2, 20, 3), edge(3, 30, 4)}).empty());
}

TEST(WaitGraph, TailIntoCycleReportsCycleOnce) {
  // 9 waits for 1, which is on the cycle 1 <-> 2: one report, without 9.
  auto F = run({edge(9, 10, 1), edge(1, 10, 2), edge(2, 20, 1)});
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Threads, (std::vector<uint32_t>{1, 2}));
}

TEST(WaitGraph, TwoDisjointCycles) {
  auto F = run({edge(1, 10, 2), edge(2, 20, 1), edge(3, 30, 4), edge(4, 40, 3),
                edge(5, 50, 6)});
  ASSERT_EQ(F.size(), 2u);
  EXPECT_EQ(F[0].Threads, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(F[1].Threads, (std::vector<uint32_t>{3, 4}));
}

TEST(WaitGraph, SelfWaitIsADeadlockOfOne) {
  // 1 waits for its own lock; 2 waits for that lock too, which is no cycle of its own.
  auto F = run({edge(1, 10, 1), edge(2, 10, 1)});
  ASSERT_EQ(F.size(), 1u);
  EXPECT_TRUE(F[0].SelfWait);
  EXPECT_FALSE(F[0].Orphan);
  EXPECT_EQ(F[0].Threads, (std::vector<uint32_t>{1}));
  // A join of oneself (lock 0) is EDEADLK from glibc, never a wait.
  EXPECT_TRUE(run({edge(3, 0, 3)}).empty());
}

TEST(WaitGraph, OrphanedWait) {
  auto F = run({edge(0, 10, 1, /*Exited=*/true), edge(2, 20, 0)});
  ASSERT_EQ(F.size(), 1u);
  EXPECT_TRUE(F[0].Orphan);
  EXPECT_EQ(F[0].Threads, (std::vector<uint32_t>{0}));
}

TEST(WaitGraph, LargeCycle) {
  std::vector<WaitEdge> E;
  const uint32_t N = 500;
  for (uint32_t T = 0; T < N; ++T)
    E.push_back(edge((T * 7) % N, T, (T * 7 + 7) % N)); // 7 is coprime to 500
  auto F = run(E);
  ASSERT_EQ(F.size(), 1u);
  ASSERT_EQ(F[0].Threads.size(), N);
  EXPECT_EQ(F[0].Threads[0], 0u);
  EXPECT_EQ(F[0].Threads[1], 7u);
}

TEST(WaitGraph, SignatureTracksEpisode) {
  std::vector<WaitEdge> A = {edge(1, 10, 2), edge(2, 20, 1)};
  std::vector<WaitEdge> B = A;
  size_t Idx[2] = {0, 1};
  EXPECT_EQ(deadlockSignature(A.data(), Idx, 2), deadlockSignature(B.data(), Idx, 2));
  B[1].Episode = 4; // thread 2 gave up and waits again: a different wait
  EXPECT_NE(deadlockSignature(A.data(), Idx, 2), deadlockSignature(B.data(), Idx, 2));
  B = A;
  B[0].Lock = 11;
  EXPECT_NE(deadlockSignature(A.data(), Idx, 2), deadlockSignature(B.data(), Idx, 2));
}

TEST(WaitGraph, DeadlockOptions) {
  Options O;
  EXPECT_TRUE(O.detect_deadlock);
  EXPECT_EQ(O.deadlock_timeout, 2);
  EXPECT_TRUE(O.abort_on_deadlock);
  EXPECT_EQ(parseOptions("deadlock_timeout=5:abort_on_deadlock=0", O, nullptr, nullptr), 0);
  EXPECT_EQ(O.deadlock_timeout, 5);
  EXPECT_FALSE(O.abort_on_deadlock);
  EXPECT_EQ(parseOptions("deadlock_timeout=0", O, nullptr, nullptr), 1);
  EXPECT_EQ(O.deadlock_timeout, 5); // at least one second: refused, kept
}

} // namespace
