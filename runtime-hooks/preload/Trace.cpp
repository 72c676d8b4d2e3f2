#include "Trace.h"

#include <stdlib.h>
#include <string.h>

#include <initializer_list>
#include <time.h>
#include <unistd.h>

#include "../core/TraceWriter.h"
#include "Output.h"

namespace lockgraph {
namespace rt {

ChunkedArray<LockMeta> LockMetas;

namespace {

// All guarded by GraphLock.
TraceWriter Writer_;
int Enabled;           // trace_dir given and the first file opened
int ReopenPending;     // a fork child that has not written its own file yet
uint64_t LastFlushMs;
uint64_t FindingCount;

// Ids already defined in the current file, one bit each.
struct IdSet {
  uint64_t *Bits;
  size_t Cap;
  // true when Id was not in the set (and now is).
  bool insert(uint32_t Id) {
    size_t W = Id / 64;
    if (!growArray(Bits, Cap, W + 1))
      return true; // without memory a definition may repeat: readers keep the last
    uint64_t M = uint64_t(1) << (Id % 64);
    if (Bits[W] & M)
      return false;
    Bits[W] |= M;
    return true;
  }
  void clear() {
    for (size_t I = 0; I < Cap; ++I)
      Bits[I] = 0;
  }
};
IdSet StacksWritten, LocksWritten, ThreadsWritten;

uint64_t monotonicMs() {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return uint64_t(T.tv_sec) * 1000 + uint64_t(T.tv_nsec) / 1000000;
}

const char *kindString(LockKind K) {
  switch (K) {
  case LockKind::Mutex:
    return "mutex";
  case LockKind::RwLock:
    return "rwlock";
  case LockKind::Spin:
    return "spinlock";
  case LockKind::Semaphore:
    return "semaphore";
  case LockKind::C11Mutex:
    return "c11-mutex";
  }
  return "mutex";
}

// What the header needs, kept from init: the file is created by the first record, so
// a process image that never takes a lock (a shell, CTest itself) leaves no file.
int SavedArgc;
char **SavedArgv;
char SavedExe[TraceWriter::kMaxPath];
int OpenPending;
// The process this state belongs to. A vfork child runs in its parent's memory
// until it execs or exits, and may close the parent's descriptors first (Python's
// subprocess does): it must not open, write, flush or close the parent's trace.
pid_t OwnerPid;

// One line on stderr (or the log file), built from pieces.
void say(std::initializer_list<const char *> Parts) {
  Writer W;
  for (const char *P : Parts)
    W.put(P);
  W.putc1('\0');
  if (W.size()) // empty only without memory
    message(W.data());
}

const char *basenameOf(const char *P) {
  const char *B = P;
  for (const char *S = P; *S; ++S)
    if (*S == '/')
      B = S + 1;
  return B;
}

bool openNow() {
  if (!Writer_.open(Opts.trace_dir, basenameOf(SavedExe[0] ? SavedExe : "unknown"),
                    getpid())) {
    say({"warning: no trace file in trace_dir '", Opts.trace_dir, "': ",
         Writer_.failureReason() ? Writer_.failureReason() : "cannot create it",
         "; continuing without one"});
    return false;
  }
  const char *Env = getenv("LOCKGRAPH_OPTIONS");
  Writer_.writeHeader(TraceHeader{getpid(), getppid(), SavedExe, SavedArgv, SavedArgc,
                                  TraceWriter::nowUnixMs(), Env ? Env : ""});
  Writer_.writeModules();
  LastFlushMs = monotonicMs();
  return true;
}

// The writer, ready for a record: creates the file on the first one (and a fork
// child's own file on the child's first one).
TraceWriter *writer() {
  if (!Enabled || getpid() != OwnerPid)
    return nullptr; // off, or a vfork child: the file and the buffer are its parent's
  if (OpenPending) {
    OpenPending = 0;
    if (!openNow()) {
      Enabled = 0;
      return nullptr;
    }
  }
  if (ReopenPending) {
    ReopenPending = 0;
    StacksWritten.clear();
    LocksWritten.clear();
    ThreadsWritten.clear();
    if (!Writer_.reopenAfterFork(getpid())) {
      Enabled = 0;
      return nullptr;
    }
    Writer_.writeModules();
  }
  return Writer_.isOpen() ? &Writer_ : nullptr;
}

void needStack(TraceWriter &W, uint32_t Id) {
  if (!Id || !StacksWritten.insert(Id))
    return;
  uint32_t N;
  const uintptr_t *F = Depot.get(Id, &N);
  W.writeStack(Id, F, N);
}

void needThread(TraceWriter &W, uint32_t Tid);

void writeThreadRecord(TraceWriter &W, uint32_t Tid) {
  ThreadInfo *I = Threads.get(Tid, false);
  char Name[sizeof(I->Name)] = {0};
  uint32_t Parent = 0, Stack = 0;
  if (I) {
    for (size_t K = 0; K + 1 < sizeof Name; ++K)
      Name[K] = __atomic_load_n(&I->Name[K], __ATOMIC_RELAXED);
    Parent = I->Parent;
    Stack = I->CreateStack;
  }
  if (Parent)
    needThread(W, Parent - 1);
  needStack(W, Stack);
  W.writeThread(Tid, Parent ? Parent - 1 : 0, Name, Stack);
}

void needThread(TraceWriter &W, uint32_t Tid) {
  if (Tid != kNoThreadId && ThreadsWritten.insert(Tid))
    writeThreadRecord(W, Tid);
}

void needLock(TraceWriter &W, uint32_t Node) {
  if (!Node || !LocksWritten.insert(Node))
    return;
  const NodeRec *R = Graph.node(Node);
  LockMeta *M = LockMetas.get(Node, false);
  uint32_t Stack = M ? M->Stack : 0;
  needStack(W, Stack);
  W.writeLock(Node, R ? R->Addr : 0, kindString(M ? M->Kind : LockKind::Mutex),
              R ? R->Generation : 0, Stack);
}

// Once per process (a fork child's file is its own): which file, and why.
int WriteErrorSaid;
void sayWriteError() {
  if (!Writer_.writeFailed() || WriteErrorSaid)
    return;
  WriteErrorSaid = 1;
  say({"error: cannot write the trace file ", Writer_.path(), ": ",
       strerror(Writer_.writeErrno()), "; the trace ends there, findings are still reported here"});
}

void flushLocked(bool Force) {
  if (!Enabled || ReopenPending || OpenPending || getpid() != OwnerPid)
    return;
  sayWriteError(); // an automatic flush inside a record may have failed
  uint64_t Now = monotonicMs();
  if (!Force && Now - LastFlushMs < 1000)
    return;
  LastFlushMs = Now;
  Writer_.flush();
  sayWriteError();
}

// Runs Write(writer) for one finding record under GraphLock, then flushes: a
// finding must reach the file before the process can die of what it found.
template <typename Fn> void writeFinding(Fn Write) {
  if (!tracing())
    return;
  RuntimeGuard G(GraphLock);
  if (TraceWriter *W = writer()) {
    Write(*W);
    ++FindingCount;
    flushLocked(true);
  }
}

} // namespace

void traceOpen(int Argc, char **Argv) {
  if (!Opts.trace_dir[0])
    return;
  RuntimeGuard G(GraphLock);
  TraceWriter::readSelfExe(SavedExe, sizeof SavedExe);
  SavedArgc = Argc;
  SavedArgv = Argv;
  OpenPending = 1;
  OwnerPid = getpid();
  Enabled = 1;
}

bool tracing() { return __atomic_load_n(&Enabled, __ATOMIC_RELAXED); }

void traceLockCreatedLocked(uint32_t Node) {
  if (TraceWriter *W = writer()) {
    needLock(*W, Node);
    flushLocked(false);
  }
}

void traceEdgesLocked(uint32_t To, uint32_t Thread, uint32_t StackTo, const uint32_t *From,
                      const uint32_t *StackFrom, size_t NumEdges, const uint32_t *Held,
                      size_t NumHeld) {
  TraceWriter *W = writer();
  if (!W || !NumEdges)
    return;
  needLock(*W, To);
  needThread(*W, Thread);
  needStack(*W, StackTo);
  for (size_t I = 0; I < NumEdges; ++I) {
    needLock(*W, From[I]);
    needStack(*W, StackFrom[I]);
  }
  for (size_t I = 0; I < NumHeld && I < TraceWriter::kMaxHeldShown; ++I)
    needLock(*W, Held[I]);
  W->writeEdges(To, Thread, StackTo, From, StackFrom, static_cast<uint32_t>(NumEdges), Held,
                static_cast<uint32_t>(NumHeld));
  flushLocked(false);
}

void traceThread(uint32_t Tid) {
  if (!tracing())
    return;
  RuntimeGuard G(GraphLock);
  if (TraceWriter *W = writer()) {
    ThreadsWritten.insert(Tid); // (re)written now, with the current name
    writeThreadRecord(*W, Tid);
  }
}

void traceInversion(const PendingCycle &P) {
  writeFinding([&](TraceWriter &W) {
    for (size_t I = 0; I < P.Len; ++I) {
      const CycleEdge &E = P.Edges[I];
      needLock(W, E.From);
      needLock(W, E.To);
      needThread(W, E.Thread);
      needStack(W, E.StackFromId);
      needStack(W, E.StackToId);
    }
    W.beginLockOrderInversion("lock-order-inversion (potential deadlock)", currentTid(),
                              static_cast<uint32_t>(P.FullLen));
    for (size_t I = 0; I < P.Len; ++I) {
      const CycleEdge &E = P.Edges[I];
      W.addCycleEdge(E.From, E.To, E.Thread, E.StackFromId, E.StackToId);
    }
    W.endFinding();
  });
}

void traceDoubleLock(uint32_t Node, uint32_t Stack, uint32_t FirstStack) {
  writeFinding([&](TraceWriter &W) {
    needThread(W, currentTid());
    needLock(W, Node);
    needStack(W, Stack);
    needStack(W, FirstStack);
    W.writeDoubleLock("double-lock: a lock requested again by the thread that holds it",
                      currentTid(), Node, Stack, FirstStack);
  });
}

void traceBadUnlock(uint32_t Node, uintptr_t Addr, uint32_t Stack) {
  writeFinding([&](TraceWriter &W) {
    needThread(W, currentTid());
    needLock(W, Node);
    needStack(W, Stack);
    W.writeBadUnlock("bad-unlock: a lock released by a thread that does not hold it",
                     currentTid(), Node, Addr, Stack);
  });
}

void traceLockLeak(const char *Reason, const HeldLock *Locks, size_t N, uint32_t Stack) {
  writeFinding([&](TraceWriter &W) {
    needThread(W, currentTid());
    needStack(W, Stack);
    for (size_t I = 0; I < N; ++I) {
      needLock(W, Locks[I].Node);
      needStack(W, Locks[I].Stack);
    }
    W.beginLockLeak(strcmp(Reason, "thread-exit") == 0
                        ? "lock-leak: a thread exits while holding locks"
                        : "lock-leak: a lock destroyed while it is held",
                    currentTid(), Reason, Stack);
    for (size_t I = 0; I < N; ++I)
      W.addLeakedLock(Locks[I].Node, Locks[I].Stack);
    W.endFinding();
  });
}

void traceDeadlock(bool Orphan, const DeadlockThreadRec *T, size_t N) {
  writeFinding([&](TraceWriter &W) {
    for (size_t I = 0; I < N; ++I) {
      needThread(W, T[I].Thread);
      needThread(W, T[I].Owner);
      needLock(W, T[I].Holds);
      needLock(W, T[I].WaitsFor);
      needStack(W, T[I].WaitStack);
      needStack(W, T[I].HoldStack);
    }
    W.beginDeadlock(Orphan ? "deadlock: a thread waits for a lock whose owner exited"
                           : "deadlock: threads wait for each other in a cycle",
                    N ? T[0].Thread : currentTid(), Orphan);
    for (size_t I = 0; I < N; ++I)
      W.addDeadlockThread(T[I].Thread, T[I].Holds, T[I].WaitsFor, T[I].Owner,
                          T[I].WaitStack, T[I].HoldStack);
    W.endFinding();
  });
}

// The lock statistics at the end of a process image: every lock acquired, then the
// sites that waited and held. Racing threads may still count: a snapshot. A semaphore
// that showed it is a signal (posted by a thread that did not take it) is left out:
// waiting for it is waiting for an event, not for a lock.
static void writeStatistics(TraceWriter &W, uint32_t Nodes) {
  for (uint32_t Node = 1; Node <= Nodes; ++Node) {
    const LockRecord *R = LockRecords.get(Node, false);
    if (!R || notALock(Node))
      continue;
    const LockStat *K = &R->Stats;
    LockStat S;
    const uint64_t *From = &K->Acquisitions;
    uint64_t *To = &S.Acquisitions;
    for (size_t I = 0; I < sizeof(LockStat) / sizeof(uint64_t); ++I)
      To[I] = __atomic_load_n(From + I, __ATOMIC_RELAXED);
    if (!S.Acquisitions && !S.SharedAcquisitions && !S.Contended)
      continue;
    needLock(W, Node);
    W.writeLockStats(Node, S);
  }
  auto Sites = [&](const char *Role, const SiteStats &Table) {
    Table.forEach([&](const SiteStat &Slot) {
      SiteStat S;
      S.Key = __atomic_load_n(&Slot.Key, __ATOMIC_RELAXED);
      S.Count = __atomic_load_n(&Slot.Count, __ATOMIC_RELAXED);
      S.WaitNs = __atomic_load_n(&Slot.WaitNs, __ATOMIC_RELAXED);
      S.MaxWaitNs = __atomic_load_n(&Slot.MaxWaitNs, __ATOMIC_RELAXED);
      if (!S.Count || S.node() > Nodes || notALock(S.node()))
        return;
      needLock(W, S.node());
      needStack(W, S.stack());
      W.writeLockSite(Role, S);
    });
  };
  Sites("waiter", WaiterSites);
  Sites("holder", HolderSites);
}

void traceBusyWait(const BusyWaitFacts &F) {
  writeFinding([&](TraceWriter &W) {
    needThread(W, currentTid());
    if (F.Owner != kNoThreadId)
      needThread(W, F.Owner);
    needLock(W, F.Lock);
    needStack(W, F.Stack);
    needStack(W, F.OwnerStack);
    W.writeBusyWait("busy-wait: a thread keeps polling instead of blocking", currentTid(), F);
  });
}

void traceStarvation(uint32_t Thread, const StarvationFacts &F) {
  writeFinding([&](TraceWriter &W) {
    needThread(W, Thread);
    if (F.Owner != kNoThreadId)
      needThread(W, F.Owner);
    needLock(W, F.Lock);
    needStack(W, F.Stack);
    needStack(W, F.OwnerStack);
    W.writeStarvation("starvation: a thread waits for a lock that others keep taking",
                      Thread, F);
  });
}

void traceLivelock(const LivelockThreadRec *T, size_t N) {
  writeFinding([&](TraceWriter &W) {
    for (size_t I = 0; I < N; ++I) {
      needThread(W, T[I].Thread);
      needLock(W, T[I].Holds);
      needLock(W, T[I].WaitsFor);
      needStack(W, T[I].WaitStack);
      needStack(W, T[I].HoldStack);
    }
    W.beginLivelock("livelock: threads keep failing trylocks on locks the others hold",
                    N ? T[0].Thread : currentTid());
    for (size_t I = 0; I < N; ++I)
      W.addLivelockThread(T[I].Thread, T[I].Holds, T[I].WaitsFor, T[I].Owner,
                          T[I].WaitStack, T[I].HoldStack, T[I].Rounds);
    W.endFinding();
  });
}

void traceFlush(bool Force) {
  if (!tracing())
    return;
  RuntimeGuard G(GraphLock);
  flushLocked(Force);
}

void traceEnd(const char *Reason, int Status, bool HasProgramStatus, int ProgramStatus) {
  if (!tracing())
    return;
  RuntimeGuard G(GraphLock);
  if (ReopenPending || OpenPending) // recorded nothing: no file at all
    return;
  TraceWriter *W = writer();
  if (!W)
    return;
  uint32_t Nodes = Table.nodeCount();
  writeStatistics(*W, Nodes);
  W->writeEnd(TraceEnd{Reason, Status, HasProgramStatus, ProgramStatus, Nodes,
                       Graph.edgeCount(), FindingCount, threadTimeNs(monotonicNs())});
  W->close();
  Enabled = 0;
}

void traceExec() {
  if (!tracing())
    return;
  RuntimeGuard G(GraphLock);
  TraceWriter *W = ReopenPending || OpenPending ? nullptr : writer();
  if (!W)
    return;
  writeStatistics(*W, Table.nodeCount());
  W->writeEnd(TraceEnd{"exec", 0, false, 0, Table.nodeCount(), Graph.edgeCount(),
                       FindingCount, threadTimeNs(monotonicNs())});
  flushLocked(true);
}

void traceForkChild() {
  // GraphLock was reset by the fork handler; only this thread exists.
  OwnerPid = getpid();
  // The parent's file stays the parent's: the child's first record starts its own
  // (when the parent had none yet, OpenPending already does that).
  if (Enabled && !OpenPending) {
    ReopenPending = 1;
    FindingCount = 0;
    WriteErrorSaid = 0; // the child writes a file of its own
  }
}

} // namespace rt
} // namespace lockgraph
