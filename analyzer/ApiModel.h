// Which functions acquire, try-acquire and release which locks, which types are lock
// guards, and which lock types are recursive: read from rules/apis/*.yaml and from
// files given with --api. Functions carrying Clang thread-safety attributes need no
// entry here; FactsExtractor reads the attributes directly.
#pragma once

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace lockgraph {

enum class ApiEffect {
  Acquire,
  TryAcquire,
  Release,
  Wait,     // releases the lock for the wait and takes it again (condition variables)
  Disown,   // a guard lets go of its lock without releasing it (unique_lock::release)
  OwnsLock, // a guard's "did the try succeed" query (owns_lock, operator bool)
  ThreadStart, // starts a thread running the function given as argument RoutineArg
  Block,    // waits for an event outside the program's control: I/O, a child, a join
  Sleep,    // waits for time to pass (sleep, usleep): blocking, and a poll loop's pause
  Yield,    // gives up the CPU without waiting (sched_yield, a pause instruction)
};

// Which argument names the lock.
constexpr int LockArgThis = -1; // the object of a member call
constexpr int LockArgAll = -2;  // every argument: a group acquired together

struct FunctionModel {
  ApiEffect Effect = ApiEffect::Acquire;
  int LockArg = 0;
  bool Shared = false;
  bool SuccessIsZero = true; // try-acquire: returns 0 (pthread) or true (C++) on success
  // thread-start: the argument naming the thread's function (or the first callable
  // argument from there on: `std::async(std::launch::async, f)`), and whether several
  // threads run it at once (a thread pool's worker function, its submitted tasks).
  int RoutineArg = -1;
  bool Pool = false;
  // wait: the call passes a predicate and loops on it itself when it has more than
  // PredicateArg arguments (`cv.wait(lock, pred)`); -1 when no overload does.
  int PredicateArg = -1;
  // sleep: nanoseconds per unit of argument 0 (`usleep`: 1000); 0 when the duration is
  // not a plain number.
  uint64_t SleepUnitNs = 0;
  // block: the call returns at once when argument NoWaitArg is a constant from 0 to
  // NoWaitAtMost (`poll(fds, n, 0)`; a write of a few bytes, a wake-up token to a pipe
  // or an eventfd); -1 when no argument says so.
  int NoWaitArg = -1;
  int64_t NoWaitAtMost = 0;
  // block: it sends output (write, send). Reported only where the lock holder makes the
  // call itself: output in a logging or error helper is how every lock holder logs.
  bool Output = false;
};

struct GuardModel {
  int LockArg = 0; // LockArgAll for scoped_lock
  bool Shared = false;
};

enum class GuardTag { Defer, Adopt, Try };

class ApiModel {
public:
  // Loads every *.yaml in Dir.
  llvm::Error loadDirectory(llvm::StringRef Dir);
  llvm::Error loadFile(llvm::StringRef Path);
  llvm::Error loadYAML(llvm::StringRef Text, llvm::StringRef Name);

  // Names are qualified without template arguments or inline namespaces:
  // "pthread_mutex_lock", "std::mutex::lock", "std::unique_lock::unlock".
  const FunctionModel *function(llvm::StringRef QualifiedName) const;
  const GuardModel *guard(llvm::StringRef QualifiedType) const;
  const GuardTag *tag(llvm::StringRef QualifiedType) const;
  bool isRecursiveType(llvm::StringRef QualifiedType) const;
  bool isLockType(llvm::StringRef QualifiedType) const;
  size_t size() const { return Functions.size() + Guards.size(); }
  // Changes whenever any loaded model's text changes: part of the facts cache key.
  uint64_t contentHash() const { return ContentHash; }

private:
  llvm::StringMap<FunctionModel> Functions;
  llvm::StringMap<GuardModel> Guards;
  llvm::StringMap<GuardTag> Tags;
  llvm::StringMap<bool> LockTypes; // value: recursive
  uint64_t ContentHash = 0;
};

} // namespace lockgraph
