// Two readers take std::shared_mutex A and B shared in opposite orders (R1: A then
// B, R2: B then A); writers take A or B exclusive, one at a time, never while holding
// any other lock. Can it deadlock? A shared request waits only for
//   (1) a thread holding the lock exclusive: a writer here holds nothing else and
//       waits for nothing while it holds A or B, so it always finishes; or
//   (2) with a writer-preferring rwlock, a *queued* writer: then R1 (holding A
//       shared) waits behind W_B queued for B, W_B waits for R2's shared B, R2 waits
//       behind W_A queued for A, W_A waits for R1: a real 4-thread deadlock.
// libstdc++'s std::shared_mutex is a pthread rwlock made with PTHREAD_RWLOCK_INITIALIZER,
// which glibc makes reader-preferring (PTHREAD_RWLOCK_PREFER_READER_NP): a shared
// request is granted while the lock is read-held even if writers are queued, so (2)
// cannot happen and this program cannot deadlock. A shared -> shared cycle on
// reader-preferring rwlocks, with no exclusive edge in it, is not reported.
// rwlock_readers_writer_preferring.c is the same program on writer-preferring
// rwlocks, where it is reported.
// expect-count: lock-order-inversion 0
#include <mutex>
#include <shared_mutex>
#include <thread>

static std::shared_mutex A, B;
static int Value;

int main() {
  std::thread r1([] {
    std::shared_lock<std::shared_mutex> a(A);
    std::shared_lock<std::shared_mutex> b(B);
  });
  r1.join();
  std::thread wa([] {
    std::unique_lock<std::shared_mutex> a(A);
    ++Value;
  });
  wa.join();
  std::thread wb([] {
    std::unique_lock<std::shared_mutex> b(B);
    ++Value;
  });
  wb.join();
  std::thread r2([] {
    std::shared_lock<std::shared_mutex> b(B);
    std::shared_lock<std::shared_mutex> a(A);
  });
  r2.join();
  return Value == 2 ? 0 : 1;
}
