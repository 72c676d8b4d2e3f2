// What the lockset dataflow observes over the whole program, before any of it is a
// finding. Each check (checks/*.cpp) turns one kind of observation into findings.
#pragma once

#include "Program.h"

#include <string>
#include <set>
#include <vector>

namespace lockgraph {

struct CallStep {
  std::string Function; // the callee entered
  ProgramSite Site;     // where, in the callee, the next step happens
  bool operator==(const CallStep &O) const { return Function == O.Function && Site == O.Site; }
};

// To was acquired while From was held.
struct EdgeObservation {
  LockId From = NoLock, To = NoLock;
  ProgramSite Site;              // To's acquisition, or the call that acquires it
  ProgramSite HeldSite;          // From's acquisition
  uint32_t Function = 0;         // index into Program::functions(): where it formed
  std::vector<CallStep> Chain;   // calls from Function down to To's acquisition
  std::vector<ProgramSite> BoundAt; // call sites that named the locks' objects
  bool MayOnly = false;          // From held on some paths only
  bool ReadRead = false;         // From held for reading, To requested for reading
  std::vector<LockId> Gates;     // other locks held at the time, sorted
  std::string FromName, ToName;  // as the source spells them where the edge forms
  bool operator==(const EdgeObservation &O) const {
    return From == O.From && To == O.To && Site == O.Site && HeldSite == O.HeldSite &&
           Function == O.Function && Chain == O.Chain && BoundAt == O.BoundAt &&
           MayOnly == O.MayOnly && ReadRead == O.ReadRead && Gates == O.Gates;
  }
};

struct DoubleLockObservation {
  uint32_t Function = 0;
  LockId Lock = NoLock;
  ProgramSite Site, FirstSite;
  std::vector<CallStep> Chain;
  bool SharedThenExclusive = false;
};

struct LeakObservation {
  uint32_t Function = 0;
  LockId Lock = NoLock;
  ProgramSite AcquireSite;
  ProgramSite ExitSite;          // the first exit, in source order, that leaves it held
  ProgramSite ReleasingExit;     // an exit that releases it
};

struct BadUnlockObservation {
  uint32_t Function = 0;
  LockId Lock = NoLock;
  ProgramSite Site, PreviousRelease;
  std::vector<CallStep> Chain;
};

// A read, write or read-modify-write of shared data and the locks held there (the
// function's own, and those every caller holds around it). Locations and locks named
// through a parameter or `this` are named by their kind (record and field): guards are
// inferred per record field, as RacerD and SpotBugs do per class field.
struct AccessObservation {
  uint32_t Function = 0;
  ProgramSite Site;
  AccessKind Kind = AccessKind::Read;
  std::string Location;     // its identity: a global's path, or "#record.field"
  std::string LocationName; // for messages, as the source spells it here
  std::vector<LockId> Held;    // sorted; held on every path to the access
  std::vector<LockId> MayHeld; // sorted; held on some paths only (a lock the function
                               // takes unless its caller says it holds it already)
  bool BeforeThreads = false;  // start-up code: runs before main starts any thread
  bool LocalObject = false;    // a field of the function's own local (named by its kind)
  LockId DeclaredGuard = NoLock; // GUARDED_BY / PT_GUARDED_BY, named as Held names locks
};

// A call that can block (I/O, a sleep, a join, a condition wait on another mutex, or a
// call of a function that does one of these holding no lock of its own) made while
// this function holds locks: every thread that needs one of them waits as well.
struct BlockingObservation {
  uint32_t Function = 0;
  ProgramSite Site;
  std::string What;            // the blocking call: "write", "pthread_cond_wait"
  bool Sleep = false;          // it only sleeps
  std::vector<CallStep> Chain; // calls from Function down to the blocking call
  std::vector<std::pair<LockId, ProgramSite>> Held; // held on every path, and where taken
};

// The locks held at a probe event (check-then-act's branches and updates), named as
// AccessObservation names guards. A probe reached on several blocks is observed once
// per block.
struct ProbeObservation {
  uint32_t Function = 0;
  uint32_t Probe = 0;
  std::vector<LockId> Held, MayHeld; // sorted
};

struct Observations {
  std::vector<EdgeObservation> Edges; // every edge between nameable locks
  std::vector<DoubleLockObservation> DoubleLocks;
  std::vector<LeakObservation> Leaks;
  std::vector<BadUnlockObservation> BadUnlocks;
  std::vector<AccessObservation> Accesses;
  std::vector<BlockingObservation> Blocking;
  std::vector<ProbeObservation> Probes;
  // Functions some caller releases a lock for, after they returned holding it on some
  // paths: conditional-acquire APIs ("returns the item locked"), not leaks.
  std::vector<uint32_t> HandsOverLocks;
  // Events of main (and of what it calls at its first start) that run before any
  // thread exists (LinkAnalysis: the start-up split); ThreadRoots leaves their calls out
  // of what main runs concurrently.
  std::set<const Event *> BeforeThreads;
};

} // namespace lockgraph
