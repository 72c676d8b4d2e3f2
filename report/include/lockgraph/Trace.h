// One runtime trace file (docs/trace-format.md) as plain data: what the preload library
// wrote for one process, before any symbolizing or merging.
//
// The reader is forgiving by contract: a damaged file keeps every complete record before
// the damage, ids that refer to nothing are kept as written (users look them up with the
// find* helpers, which return null), and members that are missing or of the wrong type
// read as 0 / empty. Only a file without a supported header is rejected as a whole.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockgraph {
namespace trace {

// Version 2 adds `edges` (an acquisition's new edges in one record); a version 1
// trace (one `edge` per edge) reads the same.
constexpr unsigned MinSupportedVersion = 1, SupportedVersion = 2;
// The held locks kept per edge: the outermost, as the runtime's gate sets are.
constexpr size_t MaxHeldPerEdge = 16;

struct Header {
  unsigned Version = 0;
  int64_t Pid = 0;
  int64_t Ppid = 0;
  std::string Exe;
  std::vector<std::string> Argv;
  int64_t StartUnixMs = 0;
  std::string Options; // LOCKGRAPH_OPTIONS verbatim: key=value pairs separated by ':'
};

struct Module {
  std::string Path;
  uint64_t Base = 0; // load bias: file address = PC - Base
  uint64_t Begin = 0, End = 0;
  std::string BuildId; // lower-case hex, "" when absent
};

struct Thread {
  unsigned Id = 0;
  unsigned Parent = 0;
  std::string Name;
  unsigned Stack = 0; // where pthread_create was called; 0: none
};

struct Lock {
  unsigned Id = 0;
  uint64_t Addr = 0;
  std::string Kind; // mutex, rwlock, spinlock, semaphore, c11-mutex
  unsigned Generation = 0;
  unsigned Stack = 0; // first acquisition
};

// An `edge` record, one edge of an `edges` record, and one element of an inversion's
// `cycle` (Held stays empty there). Held: at most MaxHeldPerEdge, outermost first.
struct Edge {
  unsigned From = 0, To = 0;
  unsigned Thread = 0;
  unsigned StackFrom = 0; // where From was acquired
  unsigned StackTo = 0;   // where To was requested
  std::vector<unsigned> Held;
};

struct DeadlockThread {
  unsigned Thread = 0;
  unsigned Holds = 0; // 0 for an orphan waiter
  unsigned WaitsFor = 0;
  unsigned Owner = 0;
  unsigned WaitStack = 0;
  unsigned HoldStack = 0;
  uint64_t Rounds = 0; // livelock: its failed trylocks in a row
};

struct HeldLock {
  unsigned Lock = 0;
  unsigned Stack = 0;
};

// A `finding` record. Only the members of its rule are meaningful; the rest stay empty.
struct Finding {
  std::string Rule; // without the "lockgraph-" prefix
  std::string Message;
  unsigned Thread = 0;
  // lock-order-inversion
  std::vector<Edge> Cycle;
  unsigned Length = 0; // full cycle length; Cycle may hold fewer edges
  // deadlock
  bool Orphan = false;
  std::vector<DeadlockThread> Threads;
  // double-lock, bad-unlock, lock-leak
  unsigned Lock = 0;
  unsigned Stack = 0;
  unsigned FirstStack = 0;     // double-lock: where the lock is held from
  uint64_t Addr = 0;           // bad-unlock
  std::string Reason;          // lock-leak: "thread-exit" | "destroyed-while-held"
  std::vector<HeldLock> Locks; // lock-leak
  // busy-wait (Lock, Stack too): "trylock" | "sleep" | "yield" | "spin"
  std::string Kind;
  uint64_t Rounds = 0, ElapsedNs = 0, CpuNs = 0, SleptNs = 0;
  unsigned Owner = 0xffffffffu; // busy-wait, starvation: the holder, when known
  unsigned OwnerStack = 0;
  // starvation (Lock, Stack, Owner, OwnerStack too)
  bool Shared = false;
  uint64_t WaitedNs = 0, Overtakes = 0;
};

// A lock's statistics at the end of the process (docs/trace-format.md, lock_stats).
struct LockStats {
  unsigned Lock = 0;
  uint64_t Acquisitions = 0; // exclusive
  uint64_t Shared = 0;       // read-side acquisitions of an rwlock
  uint64_t OwnerChanges = 0;
  uint64_t Contended = 0;
  uint64_t WaitNs = 0;
  uint64_t MaxWaitNs = 0;
  uint64_t HoldSamples = 0;
  uint64_t HoldNs = 0;
  uint64_t MaxHoldNs = 0;
};

// Waits for a lock counted at one stack: where threads waited ("waiter"), or where
// the owner took the lock that made them wait ("holder").
struct LockSite {
  unsigned Lock = 0;
  bool Holder = false;
  unsigned Stack = 0;
  uint64_t Count = 0;
  uint64_t WaitNs = 0;
  uint64_t MaxWaitNs = 0;
};

struct End {
  std::string Reason; // exit | deadlock
  int Status = 0;
  std::optional<int> ProgramStatus; // absent for a deadlock abort
  uint64_t Locks = 0, Edges = 0, Findings = 0;
  uint64_t ThreadNs = 0; // the threads' lifetimes, summed; 0 when not written
};

struct Trace {
  std::string Path;
  Header Head;
  std::vector<Module> Modules;
  std::map<unsigned, Thread> Threads;               // the last record of each id wins (renames)
  std::map<unsigned, std::vector<uint64_t>> Stacks; // innermost frame first
  std::map<unsigned, Lock> Locks;
  std::vector<Edge> Edges;
  std::vector<Finding> Findings;
  std::vector<LockStats> Stats; // one per lock (the last record wins: exec may repeat)
  std::vector<LockSite> Sites;  // one per (lock, role, stack), likewise
  std::optional<End> Finish; // the `end` record, absent when killed or crashed
  std::string WriteError;    // a `write_error` record: why the runtime stopped writing

  unsigned UnknownRecords = 0;   // record types this reader does not know
  unsigned MalformedRecords = 0; // known types without their required members
  // Where the usable part ended early (invalid JSON, or a last line without '\n');
  // 0 when the whole file was read.
  unsigned StoppedAtLine = 0;
  // At most one line for the user: the file's damage, or that it has no `end` record.
  std::string Problem;

  const std::vector<uint64_t> *findStack(unsigned Id) const;
  const Lock *findLock(unsigned Id) const;
  const Thread *findThread(unsigned Id) const;
  // The module whose [Begin, End) holds Address, null when none does.
  const Module *findModule(uint64_t Address) const;
  // The value of key=value in the header's options, "" when absent.
  std::string option(llvm::StringRef Key) const;
  // "prog (pid 12)"
  std::string processName() const;
};

// Parses Buffer (the contents of a file called Name). Fails only when the first line is
// not a supported header; every other damage is recorded in Trace::Problem.
llvm::Expected<Trace> parseTrace(llvm::StringRef Buffer, llvm::StringRef Name);
// Reads and parses a file; also fails when it cannot be read, is not a regular file
// (a FIFO, a device) or is larger than MaxTraceBytes.
constexpr uint64_t MaxTraceBytes = uint64_t(16) << 30;
llvm::Expected<Trace> readTraceFile(llvm::StringRef Path);

} // namespace trace
} // namespace lockgraph
