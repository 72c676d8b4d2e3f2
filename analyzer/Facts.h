// The facts format: what one translation unit tells the whole-program link step.
//
// The per-TU step does the expensive part (parsing) and reduces each function to a
// small control-flow graph of lock events and calls. The link step runs the lockset
// dataflow over these graphs with whole-program summaries, so wrappers defined in
// other translation units resolve. docs/facts-format.md documents the JSON encoding.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lockgraph {

constexpr int FactsFormatVersion = 7;

// A source position; File indexes TranslationUnitFacts::Files.
struct Site {
  uint32_t File = 0;
  uint32_t Line = 0;
  uint32_t Column = 0;
};

// A lock named by its access path (see LockPath.h for the grammar):
//   @<usr>            a global or static variable
//   $this, $<n>       the object a member function runs on, parameter n
//   %<fn-usr>%<name>  a local variable of a function
//   #<record>.<field>[#<record>.<field>]   (a record defined in the TU's own source
//                     file, not a header, is "struct s (file-stem)")
//                     no known root: the last fields of the member chain, each with
//                     the record type that holds it (LockPath.h, FallbackDepth)
// followed by fields ".name" and array elements "[]".
struct LockRef {
  std::string Path;
  std::string Fallback; // the "#..." name used when a symbolic root has no binding
  bool Recursive = false;
  std::string Spelling; // the source text that names it, for messages; not identity
  // Reaching it reads a pointer from memory (`ready->use`, a pointer field or global):
  // the path names whichever object the pointer holds at the time, so it is no
  // instance gate and, in the lock graph, stands for its kind (the fallback).
  bool ThroughPointer = false;
};

// A member of a call's object that stores a lock of the caller's: a guard built with
// `scoped_lock_t l(slot_)` keeps `slot_` in its `mutex_t &m_`.
struct FieldBinding {
  std::string Field;
  LockRef Target;
};

enum class EventKind {
  Acquire,       // blocking acquisition of Locks (a group when Group is set)
  TryAcquire,    // held only on the branch where TryId succeeded
  Release,       // explicit release: releasing a lock already released is a bad unlock
  ReleaseIfHeld, // a guard's destructor: releases what the guard still owns
  Call,          // a call to a function that may be defined in any translation unit
  Wait,          // a condition wait: releases the lock and takes it again; the
                 // lockset after it is the lockset before it
  Assign,        // a flag variable set to a constant (`locked = true`): Var, Value
  Havoc,         // a tested variable set to a value not known here: Var
  Access,        // a read, write or read-modify-write of shared data (AccessFacts.h)
  ThreadStart,   // a thread is started running Callee (pthread_create, thrd_create)
  Block,         // a call that blocks (I/O, sleep, join; ApiEffect::Block, Sleep):
                 // CalleeName names it, Value says it only sleeps
  Probe,         // the link step records the lockset here under probe number Var
                 // (check-then-act's branches and acts, FunctionFacts::CheckActs)
};

enum class AccessKind {
  Read,
  Write,
  ReadModifyWrite, // `x++`, `x += n`, `x = x op y`: a read and a write that must be atomic
};

struct Event {
  EventKind Kind = EventKind::Acquire;
  Site At;
  std::vector<LockRef> Locks;
  bool Shared = false;
  bool Group = false; // std::lock / scoped_lock: acquired together, no order among them
  int TryId = -1;
  // Call and ThreadStart.
  std::string Callee;          // USR
  std::string CalleeName;      // for messages
  std::vector<LockRef> Args;   // per parameter; empty Path when not a lock path
  LockRef This;                // the object of a member call
  std::vector<FieldBinding> ThisFields; // members of This bound to the caller's locks
  // Call through a pointer or a virtual method: Callee names the static method (virtual)
  // or is empty (a function pointer, whose type is Signature); the link step calls every
  // override of the method, or every address-taken function of that type, when few.
  bool Virtual = false;
  std::string Signature;
  // Assign, Havoc: the variable (as in Successor::Cond); Assign: whether the value is
  // nonzero. Wait: the call re-tests a predicate it was given (`cv.wait(lock, pred)`).
  // Block: the call only sleeps. Call: the variable its result is tested as (a local it is assigned to, or
  // a key of the call itself), empty when the result is not tested.
  std::string Var;
  bool Value = false;
  // Access only: the location (an access path, as locks are named) and how, and the
  // lock a GUARDED_BY / PT_GUARDED_BY annotation declares for it (empty Path if none).
  LockRef Location;
  AccessKind Access = AccessKind::Read;
  LockRef DeclaredGuard;
  // Call only: per argument, '1' or '0' for a constant that is nonzero or zero, '?'
  // otherwise; empty when no argument is constant. A callee that branches on such a
  // parameter (`reschedule(events, true)` unlocks the caller's lock) is summarized for
  // these values.
  std::string ArgValues;
  // Call: per argument, the function it passes (`xcreate(worker)`), "" for other
  // arguments; empty when it passes none. ThreadStart: DataCallee is the function
  // passed as the thread's argument (a trampoline's real entry).
  std::vector<std::string> FunctionArgs;
  std::string DataCallee;
  // ThreadStart: the parameter of this function that names the routine (Param) or the
  // thread's argument (DataParam): a start wrapper, resolved at its call sites. Call
  // through a pointer: the parameter called (a trampoline, `((void (*)(void))arg)()`).
  int Param = -1;
  int DataParam = -1;
  // Call through a function pointer held in a field (`mod->eval(...)`): the field's key
  // (LockPath.h, fieldKeyOf). The link step runs the functions stored in that field.
  std::string CalleeField;
  // Block: the call sends output (ApiModel.h, FunctionModel::Output).
  bool Output = false;
};

struct Successor {
  uint32_t Block = 0;
  int TryId = -1;       // this edge is taken only when TryId succeeded / failed
  bool TrySucceeded = false;
  // This edge is taken only when the variable Cond (a parameter or local the function
  // never modifies) is true / false: lets the link step see that `if (x) lock(); ...
  // if (x) unlock();` never leaves the lock held.
  std::string Cond;
  bool CondValue = false;
};

struct BlockFacts {
  std::vector<Event> Events;
  std::vector<Successor> Succs;
  bool ReachesExit = false; // a normal return path (not a noreturn call)
  Site ExitSite;            // the return statement, or the closing brace
  // What that return returns, for callers that test the result: a constant truth, or
  // a variable (the result is nonzero exactly when the variable is ReturnCondValue).
  std::optional<bool> ReturnValue;
  std::string ReturnCond;
  bool ReturnCondValue = true;
};

// A loop that waits for shared state without blocking (busy-wait): its exit depends on
// Flag, or on a failed trylock, and its body only sleeps, yields, pauses or retries.
enum class SpinKind {
  PlainFlag,  // a non-atomic location: also a data race
  AtomicFlag, // an atomic (`_Atomic`, std::atomic, __atomic_load_n)
  TryLock,    // a failed trylock
};

struct SpinLoop {
  Site At;          // the loop's keyword
  SpinKind Kind = SpinKind::PlainFlag;
  LockRef Flag;     // the location polled (its spelling), or the lock retried
  bool Pauses = false; // the body sleeps or yields; otherwise it spins (empty, pause)
};

// A branch on shared data and the updates it controls (CheckActs.h).
struct CheckActUpdate {
  Site At;
  LockRef Location;   // a write of shared data, or
  std::string Setter; // a call of this function (USR) on the tested object
  std::string SetterName;
  uint32_t Probe = 0; // the lockset before it
};

struct CheckAct {
  Site At;                          // the `if`
  uint32_t Probe = 0;               // the lockset after its condition
  std::vector<LockRef> Reads;       // what the condition tests, directly or via locals
  std::vector<std::string> Getters; // calls (USRs) whose results it tests
  std::vector<CheckActUpdate> Updates;
};

struct FunctionFacts {
  std::string Usr;
  std::string Name; // qualified, for messages
  Site Loc;
  std::vector<std::string> ParamNames;
  // Per parameter, the variable (as in Successor::Cond) that conditions test it as, or
  // "" when no condition does; empty when none is tested.
  std::vector<std::string> ParamVars;
  std::vector<BlockFacts> Blocks;
  uint32_t Entry = 0;
  uint32_t Exit = 0; // normal returns (BlockFacts::ReachesExit) lead here
  std::string Signature;              // canonical function type, for pointer calls
  // Returns a pointer: a lock returned held exactly when it is non-null is handed over.
  bool ReturnsPointer = false;
  std::vector<std::string> Overrides; // USRs of the virtual methods this one overrides
  std::vector<SpinLoop> Spins;
  std::vector<CheckAct> CheckActs;
};

// A NOLINT comment found in a parsed file.
struct SuppressionComment {
  uint32_t File = 0;
  uint32_t Line = 0;       // the line the comment applies to
  std::vector<std::string> Ids; // empty: all lockgraph ids
};

struct InputFile {
  std::string Path;
  uint64_t Hash = 0; // xxh3 of the content
};

struct TranslationUnitFacts {
  std::string MainFile;
  std::string CommandHash;          // command line and directory
  std::vector<InputFile> Inputs;    // every file read, for cache validation
  std::vector<std::string> Files;   // Site::File table
  std::vector<FunctionFacts> Functions;
  std::vector<SuppressionComment> Suppressions;
  // Functions whose address is taken (thread entry points, callbacks): they can be
  // entered with no caller's locks held, whatever their direct callers hold.
  std::vector<std::string> AddressTaken;
  // Functions stored in a field of function-pointer type (`.eval = crawler_eval` in an
  // initializer, `p->run = work`): field key and USR. Not in AddressTaken: when the
  // program calls through that field, those calls are the functions' callers.
  std::vector<std::pair<std::string, std::string>> FieldFunctions;
  // Locks made recursive where they are initialized (a mutexattr set to
  // PTHREAD_MUTEX_RECURSIVE, mtx_recursive): their paths, or type fallbacks for locks
  // reached through parameters.
  std::vector<std::string> RecursiveLocks;
};

llvm::json::Value toJSON(const TranslationUnitFacts &TU);
llvm::Expected<TranslationUnitFacts> factsFromJSON(const llvm::json::Value &V);

llvm::Error writeFactsFile(llvm::StringRef Path, const TranslationUnitFacts &TU);
llvm::Expected<TranslationUnitFacts> readFactsFile(llvm::StringRef Path);

} // namespace lockgraph
