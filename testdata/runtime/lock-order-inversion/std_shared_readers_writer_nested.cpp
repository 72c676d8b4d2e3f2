// Two readers take std::shared_mutex A and B shared in opposite orders (R1: A then
// B, R2: B then A) while the writer respects one order (W: A then B, both
// exclusive). Is this a deadlock risk? Yes, and not only with writer-preferring
// rwlocks: W can hold A exclusive and wait for B, which R2 holds shared while R2
// waits for A (a shared request blocks on an exclusive holder under any policy):
//     W holds A (excl), waits for B;  R2 holds B (shared), waits for A.
// The cycle A -> B (W, and R1) / B -> A (R2) is real, so it IS reported, once.
// (A shared -> shared edge must not be dropped just because both ends are shared.)
// See std_shared_readers_negative.cpp for the reader-only variant that is not.
// expect-count: lock-order-inversion 1
#include <mutex>
#include <shared_mutex>
#include <thread>

static std::shared_mutex A, B;

int main() {
  std::thread r1([] {
    std::shared_lock<std::shared_mutex> a(A);
    std::shared_lock<std::shared_mutex> b(B);
  });
  r1.join();
  std::thread w([] {
    std::unique_lock<std::shared_mutex> a(A);
    std::unique_lock<std::shared_mutex> b(B);
  });
  w.join();
  std::thread r2([] {
    std::shared_lock<std::shared_mutex> b(B);
    std::shared_lock<std::shared_mutex> a(A);
  });
  r2.join();
  return 0;
}
