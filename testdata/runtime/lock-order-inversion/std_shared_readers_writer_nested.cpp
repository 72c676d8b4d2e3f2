// Two readers take std::shared_mutex A and B shared in opposite orders (R1: A then
// B, R2: B then A) while the writer respects one order (W: A then B, both
// exclusive). Is this a deadlock risk? Yes, and not only with writer-preferring
// rwlocks: W can hold A exclusive and wait for B, which R2 holds shared while R2
// waits for A (a shared request blocks on an exclusive holder under any policy):
//     W holds A (excl), waits for B;  R2 holds B (shared), waits for A.
// The cycle A -> B (W, and R1) / B -> A (R2) is real, so it IS reported, once.
// (A shared -> shared edge must not be dropped just because both ends are shared.)
// See std_shared_readers_negative.cpp for the reader-only variant that is not.
// The three threads exist together; a barrier (not a happens-before edge for
// lockgraph) runs them in turn, so nothing blocks.
// expect-count: lock-order-inversion 1
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <thread>

static std::shared_mutex A, B;
static pthread_barrier_t Turn;

// Runs `take` on the given turn of three; every thread waits at every turn's end.
template <typename F> static void inTurn(int mine, F take) {
  for (int turn = 0; turn < 3; ++turn) {
    if (turn == mine)
      take();
    pthread_barrier_wait(&Turn);
  }
}

int main() {
  pthread_barrier_init(&Turn, nullptr, 3);
  std::thread r1([] {
    inTurn(0, [] {
      std::shared_lock<std::shared_mutex> a(A);
      std::shared_lock<std::shared_mutex> b(B);
    });
  });
  std::thread w([] {
    inTurn(1, [] {
      std::unique_lock<std::shared_mutex> a(A);
      std::unique_lock<std::shared_mutex> b(B);
    });
  });
  std::thread r2([] {
    inTurn(2, [] {
      std::shared_lock<std::shared_mutex> b(B);
      std::shared_lock<std::shared_mutex> a(A);
    });
  });
  r1.join();
  w.join();
  r2.join();
  pthread_barrier_destroy(&Turn);
  return 0;
}
