#include "Runtime.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../core/LockGraph.h"
#include "../core/LockTable.h"
#include "../core/StackDepot.h"
#include "../core/WaitGraph.h"
#include "SpinLock.h"

namespace lockgraph {
namespace rt {

__thread ThreadState TLS __attribute__((tls_model("initial-exec")));
int InitState;

namespace {

// All global state is zero- or constant-initialized: no global constructors.
SpinLock GraphLock;  // guards Table, Graph, Depot
SpinLock OutputLock; // serializes writes of whole reports
LockTable Table;
LockGraph Graph;
StackDepot Depot;
Options Opts;
uint32_t NextTid;
int ReportCount;
int ExitStatus;      // last status seen by exit() or returned by main
uintptr_t SelfBegin, SelfEnd; // our own code, skipped at the top of stacks
int LogFd = -1;
pid_t LogPid;
int OutOfMemoryWarned;

constexpr size_t kMaxCycleEdges = 64;
const Edge *CyclePath[kMaxCycleEdges]; // guarded by GraphLock

// ---------------------------------------------------------------- output

class Writer {
public:
  Writer() = default;
  ~Writer() { pageFree(Buf, Cap); }
  Writer(const Writer &) = delete;
  Writer &operator=(const Writer &) = delete;

  void put(const char *S) {
    while (*S)
      putc1(*S++);
  }
  void putc1(char C) {
    if (Len + 1 > Cap && !growArray(Buf, Cap, Len + 1))
      return;
    Buf[Len++] = C;
  }
  void dec(uint64_t V) {
    char T[24];
    int N = 0;
    do {
      T[N++] = static_cast<char>('0' + V % 10);
      V /= 10;
    } while (V);
    while (N)
      putc1(T[--N]);
  }
  void hex(uint64_t V) {
    put("0x");
    char T[20];
    int N = 0;
    do {
      T[N++] = "0123456789abcdef"[V & 15];
      V >>= 4;
    } while (V);
    while (N)
      putc1(T[--N]);
  }
  // "0xPC (module+0xoff)"; dladdr neither allocates nor takes our locks.
  void frame(uintptr_t PC) {
    hex(PC);
    Dl_info Info;
    if (dladdr(reinterpret_cast<void *>(PC), &Info) && Info.dli_fname) {
      put(" (");
      put(Info.dli_fname[0] ? Info.dli_fname : "<main>");
      put("+");
      hex(PC - reinterpret_cast<uintptr_t>(Info.dli_fbase));
      put(")");
    } else {
      put(" (<unknown module>)");
    }
  }
  void stack(const uintptr_t *F, uint32_t N) {
    if (!N) {
      put("    <no stack>\n");
      return;
    }
    for (uint32_t I = 0; I < N; ++I) {
      put("    #");
      dec(I);
      put(" ");
      frame(F[I]);
      put("\n");
    }
  }
  void summary(const char *Id, const uintptr_t *F, uint32_t N) {
    put("SUMMARY: lockgraph: ");
    put(Id);
    if (N) {
      put(" ");
      frame(F[0]);
    }
    put("\n");
  }
  const char *data() const { return Buf; }
  size_t size() const { return Len; }

private:
  char *Buf = nullptr;
  size_t Len = 0, Cap = 0;
};

void writeAll(int Fd, const char *P, size_t N) {
  while (N) {
    ssize_t W = write(Fd, P, N);
    if (W < 0) {
      if (errno == EINTR)
        continue;
      return;
    }
    P += W;
    N -= static_cast<size_t>(W);
  }
}

// Caller holds OutputLock.
int outputFd() {
  if (!Opts.log_path[0])
    return 2;
  pid_t Pid = getpid();
  if (LogFd >= 0 && LogPid == Pid)
    return LogFd;
  if (LogFd >= 0)
    close(LogFd); // inherited from the parent: open our own file
  char Path[kMaxOptionString + 24];
  size_t N = 0;
  for (const char *S = Opts.log_path; *S && N < kMaxOptionString; ++S)
    Path[N++] = *S;
  Path[N++] = '.';
  char Digits[16];
  int D = 0;
  unsigned long V = static_cast<unsigned long>(Pid);
  do {
    Digits[D++] = static_cast<char>('0' + V % 10);
    V /= 10;
  } while (V);
  while (D)
    Path[N++] = Digits[--D];
  Path[N] = 0;
  LogFd = open(Path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  LogPid = Pid;
  return LogFd >= 0 ? LogFd : 2;
}

void emit(const Writer &W) {
  {
    SpinGuard G(OutputLock);
    writeAll(outputFd(), W.data(), W.size());
  }
}

void message(const char *Text) {
  Writer W;
  W.put("lockgraph: ");
  W.put(Text);
  W.put("\n");
  emit(W);
}

void exitNow() {
  fflush(nullptr);
  _exit(Opts.exitcode);
}

// Emits a finished report and counts it.
void emitReport(const Writer &W) {
  emit(W);
  __atomic_add_fetch(&ReportCount, 1, __ATOMIC_RELAXED);
  if (Opts.halt_on_error)
    exitNow();
}

void warnOutOfMemory() {
  if (!__atomic_exchange_n(&OutOfMemoryWarned, 1, __ATOMIC_RELAXED))
    message("warning: out of memory for runtime bookkeeping; some locks or edges "
            "are not tracked from now on (detection continues)");
}

// ---------------------------------------------------------------- wait-for state
//
// For the deadlock watchdog: per thread, the lock it is blocked on (a wait record);
// per lock node, its owner. Both live in two-level arrays whose chunks are mmap'd on
// first use and never freed, so the hot paths touch them with atomics only (no
// runtime lock); the watchdog reads them the same way.

template <typename T> class ChunkedArray {
public:
  static constexpr size_t kChunk = 4096, kDir = 65536;
  // nullptr when I is out of range, or (Create) out of memory, or (!Create) absent.
  T *get(size_t I, bool Create) {
    size_t D = I / kChunk;
    if (D >= kDir)
      return nullptr;
    T *C = __atomic_load_n(&Dir[D], __ATOMIC_ACQUIRE);
    if (!C && Create) {
      T *New = static_cast<T *>(pageAlloc(kChunk * sizeof(T)));
      if (!New)
        return nullptr;
      T *Seen = nullptr;
      if (__atomic_compare_exchange_n(&Dir[D], &Seen, New, false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE)) {
        C = New;
      } else {
        pageFree(New, kChunk * sizeof(T));
        C = Seen;
      }
    }
    return C ? &C[I % kChunk] : nullptr;
  }

private:
  T *Dir[kDir];
};

// Written only by its own thread. Episode is odd while the record is rewritten
// (a seqlock): the watchdog keeps only snapshots taken between two equal even values.
struct WaitRecord {
  uint64_t Episode;
  uintptr_t Addr;
  uint32_t Node;   // 0: not waiting
  uint32_t Stack;  // where the wait started (depot id)
  uint32_t Shared; // waits for the read side of an rwlock
  uint32_t Exited; // the thread has exited
};

// Owner word of a lock node: low half 0 when no owner is known, else
// (tid + 1) | kOwnerShared when held for reading (then it names some reader, the
// latest one); high half the depot id of the stack where the owner acquired it.
constexpr uint32_t kOwnerShared = 0x80000000u;

ChunkedArray<WaitRecord> Waits; // by thread id
ChunkedArray<uint64_t> Owners;  // by lock node
int WatchdogStarted;
int DeadlockOff; // in a fork child: the watchdog thread did not survive the fork

inline __attribute__((always_inline)) void setOwner(uint32_t Node, HoldMode Mode,
                                                   uint32_t Stack) {
  if (!Node || !Opts.detect_deadlock)
    return;
  uint32_t Who = (currentTid() + 1) | (Mode == HoldMode::Shared ? kOwnerShared : 0);
  if (uint64_t *O = Owners.get(Node, true))
    __atomic_store_n(O, uint64_t(Stack) << 32 | Who, __ATOMIC_RELEASE);
}

inline __attribute__((always_inline)) void clearOwner(uint32_t Node, HoldMode Mode) {
  uint64_t *O = Node && Opts.detect_deadlock ? Owners.get(Node, false) : nullptr;
  if (!O)
    return;
  if (Mode == HoldMode::Exclusive) {
    __atomic_store_n(O, 0, __ATOMIC_RELEASE);
    return;
  }
  uint64_t Cur = __atomic_load_n(O, __ATOMIC_ACQUIRE); // only if we are "the reader"
  if (uint32_t(Cur) == ((currentTid() + 1) | kOwnerShared))
    __atomic_compare_exchange_n(O, &Cur, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

// ---------------------------------------------------------------- stacks

// Stacks come from glibc backtrace(). It walks frames with _Unwind_Backtrace from
// libgcc_s, which it dlopens on its first call (that first call allocates); init makes
// a warm-up call with InRuntime raised, and later calls neither allocate nor need us
// to link libgcc_s ourselves (the preload library links libc only). A frame-pointer
// walk would be cheaper but fails on the usual -O2 code built without frame pointers.
uint32_t captureStack(uintptr_t *Out) {
  void *Raw[kMaxStackDepth + 16];
  int Want = Opts.stack_depth + 16;
  int N = backtrace(Raw, Want);
  // Our own frames (the hook at the top, the main and thread-start wrappers below)
  // are dropped: reports show the program's frames only.
  uint32_t K = 0;
  for (int I = 0; I < N && K < static_cast<uint32_t>(Opts.stack_depth); ++I) {
    uintptr_t PC = reinterpret_cast<uintptr_t>(Raw[I]);
    if (PC >= SelfBegin && PC < SelfEnd)
      continue;
    Out[K++] = PC;
  }
  return K;
}

int findSelf(struct dl_phdr_info *Info, size_t, void *Data) {
  uintptr_t Probe = *static_cast<uintptr_t *>(Data);
  uintptr_t Lo = ~uintptr_t(0), Hi = 0;
  bool Mine = false;
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type != PT_LOAD)
      continue;
    uintptr_t B = Info->dlpi_addr + P.p_vaddr, E = B + P.p_memsz;
    Lo = B < Lo ? B : Lo;
    Hi = E > Hi ? E : Hi;
    Mine |= Probe >= B && Probe < E;
  }
  if (!Mine)
    return 0;
  SelfBegin = Lo;
  SelfEnd = Hi;
  return 1;
}

// ---------------------------------------------------------------- reports

const char *kindName(LockKind K, HoldMode M) {
  switch (K) {
  case LockKind::Mutex:
    return "mutex";
  case LockKind::Spin:
    return "spinlock";
  case LockKind::RwLock:
    return M == HoldMode::Shared ? "rwlock (read)" : "rwlock (write)";
  }
  return "lock";
}

void lockName(Writer &W, uint32_t Node, uintptr_t Addr) {
  W.put("L");
  W.dec(Node);
  W.put(" (");
  W.hex(Addr);
  W.put(")");
}

const uintptr_t *depotGet(uint32_t Id, uint32_t *N) {
  SpinGuard G(GraphLock); // the depot's index may grow; the frames never move
  return Depot.get(Id, N);
}

// A cycle copied out of the graph under GraphLock, printed after it is released.
struct CycleEdge {
  uint32_t From, To, Thread;
  uintptr_t FromAddr, ToAddr;
  const uintptr_t *StackFrom, *StackTo;
  uint32_t NFrom, NTo;
};
struct PendingCycle {
  CycleEdge *Edges;
  size_t Len, FullLen;
};

bool snapshotCycle(const Edge *const *Path, size_t Len, size_t FullLen,
                   PendingCycle &Out) {
  Out.Edges = static_cast<CycleEdge *>(pageAlloc(Len * sizeof(CycleEdge)));
  if (!Out.Edges)
    return false;
  Out.Len = Len;
  Out.FullLen = FullLen;
  for (size_t I = 0; I < Len; ++I) {
    const Edge *E = Path[I];
    CycleEdge &C = Out.Edges[I];
    C.From = E->From;
    C.To = E->To;
    C.Thread = E->Thread;
    C.FromAddr = Graph.node(E->From) ? Graph.node(E->From)->Addr : 0;
    C.ToAddr = Graph.node(E->To) ? Graph.node(E->To)->Addr : 0;
    C.StackFrom = Depot.get(E->StackFrom, &C.NFrom);
    C.StackTo = Depot.get(E->StackTo, &C.NTo);
  }
  return true;
}

void reportCycle(PendingCycle &P) {
  Writer W;
  W.put("WARNING: lockgraph: lock-order-inversion (potential deadlock)\n");
  W.put("  Cycle in lock order graph: ");
  for (size_t I = 0; I < P.Len; ++I) {
    lockName(W, P.Edges[I].From, P.Edges[I].FromAddr);
    W.put(" => ");
  }
  if (P.FullLen > P.Len)
    W.put("... => ");
  lockName(W, P.Edges[0].From, P.Edges[0].FromAddr);
  W.put("\n");
  for (size_t I = 0; I < P.Len; ++I) {
    const CycleEdge &E = P.Edges[I];
    W.put("\n  lock ");
    lockName(W, E.To, E.ToAddr);
    W.put(" acquired while holding ");
    lockName(W, E.From, E.FromAddr);
    W.put(" in thread T");
    W.dec(E.Thread);
    W.put(":\n");
    W.stack(E.StackTo, E.NTo);
    W.put("  lock ");
    lockName(W, E.From, E.FromAddr);
    W.put(" was acquired here:\n");
    W.stack(E.StackFrom, E.NFrom);
  }
  if (P.FullLen > P.Len) {
    W.put("\n  ... ");
    W.dec(P.FullLen - P.Len);
    W.put(" more edge(s) not shown\n");
  }
  W.summary("lock-order-inversion", P.Edges[0].StackTo, P.Edges[0].NTo);
  emitReport(W);
  pageFree(P.Edges, P.Len * sizeof(CycleEdge));
}

void reportDoubleLock(LockKind Kind, HoldMode Mode, const HeldLock &H,
                      const uintptr_t *Cur, uint32_t NCur) {
  Writer W;
  W.put("WARNING: lockgraph: double-lock (self-deadlock) in thread T");
  W.dec(currentTid());
  W.put("\n  ");
  W.put(kindName(Kind, Mode));
  W.put(" ");
  lockName(W, H.Node, H.Addr);
  W.put(" requested while this thread already holds it");
  if (Kind == LockKind::RwLock)
    W.put(H.Mode == HoldMode::Shared ? " for reading" : " for writing");
  W.put(":\n");
  W.stack(Cur, NCur);
  W.put("  lock ");
  lockName(W, H.Node, H.Addr);
  W.put(" was acquired here:\n");
  uint32_t N;
  const uintptr_t *Prev = depotGet(H.Stack, &N);
  W.stack(Prev, N);
  W.summary("double-lock", Cur, NCur);
  emitReport(W);
}

void reportBadUnlock(LockKind Kind, uintptr_t Addr, uint32_t Node, const uintptr_t *Cur,
                     uint32_t NCur) {
  Writer W;
  W.put("WARNING: lockgraph: bad-unlock of a ");
  W.put(Kind == LockKind::RwLock ? "rwlock" : kindName(Kind, HoldMode::Exclusive));
  W.put(" not held by this thread (thread T");
  W.dec(currentTid());
  W.put(")\n  unlock of ");
  lockName(W, Node, Addr);
  W.put(":\n");
  W.stack(Cur, NCur);
  W.summary("bad-unlock", Cur, NCur);
  emitReport(W);
}

void reportLockLeak(const HeldSet &Held) {
  Writer W;
  W.put("WARNING: lockgraph: lock-leak: thread T");
  W.dec(currentTid());
  W.put(" exits while holding ");
  W.dec(Held.size());
  W.put(" lock(s)\n");
  const uintptr_t *First = nullptr;
  uint32_t NFirst = 0;
  for (size_t I = 0; I < Held.size(); ++I) {
    W.put("  lock ");
    lockName(W, Held[I].Node, Held[I].Addr);
    W.put(" was acquired here:\n");
    uint32_t N;
    const uintptr_t *F = depotGet(Held[I].Stack, &N);
    W.stack(F, N);
    if (I == 0) {
      First = F;
      NFirst = N;
    }
  }
  W.summary("lock-leak", First, NFirst);
  emitReport(W);
}

// A lock destroyed while Owner holds it: a leak of another kind, since the owner can
// never release it properly.
void reportDestroyedHeld(const HeldLock &H, uint32_t Owner, const uintptr_t *Cur,
                         uint32_t NCur) {
  Writer W;
  W.put("WARNING: lockgraph: lock-leak: thread T");
  W.dec(currentTid());
  W.put(" destroys ");
  lockName(W, H.Node, H.Addr);
  W.put(" while thread T");
  W.dec(Owner);
  W.put(Owner == currentTid() ? " (itself)" : "");
  W.put(" holds it:\n");
  W.stack(Cur, NCur);
  W.put("  lock ");
  lockName(W, H.Node, H.Addr);
  W.put(" was acquired here:\n");
  uint32_t N;
  const uintptr_t *F = depotGet(H.Stack, &N);
  W.stack(F, N);
  W.summary("lock-leak", Cur, NCur);
  emitReport(W);
}

// ---------------------------------------------------------------- deadlock watchdog
//
// Every kTickMs the watchdog snapshots the wait records, builds the wait-for graph
// (thread -> owner of the lock it waits for) and looks for cycles and for waits on
// locks whose owner exited (core/WaitGraph). A finding is a deadlock only when its
// signature (threads, locks, wait episodes) is seen on every tick for
// deadlock_timeout seconds: a lock merely held for long by a running thread makes no
// cycle, and any progress starts a new episode. The watchdog runs with InRuntime
// raised for good (never observed) and takes only the runtime's spinlocks.

constexpr unsigned kTickMs = 200;
constexpr size_t kMaxCandidates = 32;

struct WaitInfo { // what the report needs besides the WaitEdge
  uintptr_t Addr;
  uint32_t Stack;      // where the waiter started waiting
  uint32_t OwnerStack; // where the owner acquired the lock
};

struct Candidate {
  uint64_t Sig;
  uint64_t FirstMs;
  bool Seen, Reported;
};

// Owned by the watchdog thread only.
struct WatchdogScan {
  WaitEdge *Edges;
  WaitInfo *Info;
  size_t *Scratch;
  size_t Cap, ScratchCap, InfoCap;
  Candidate Cands[kMaxCandidates];
  size_t NumCands;
  uint64_t NowMs;
};
WatchdogScan Scan;

uint64_t monotonicMs() {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return static_cast<uint64_t>(T.tv_sec) * 1000 +
         static_cast<uint64_t>(T.tv_nsec) / 1000000;
}

void threadName(Writer &W, uint32_t Tid) {
  W.put("T");
  W.dec(Tid);
}

void reportDeadlock(const WaitEdge *E, const WaitInfo *Info, const size_t *Idx,
                    size_t Len, bool Orphan) {
  Writer W;
  W.put("WARNING: lockgraph: deadlock: ");
  if (Orphan) {
    W.put("thread ");
    threadName(W, E[Idx[0]].Thread);
    W.put(" waits for a lock whose owner thread exited");
  } else {
    W.dec(Len);
    W.put(" threads wait for each other in a cycle");
  }
  W.put(" (unchanged for ");
  W.dec(static_cast<uint64_t>(Opts.deadlock_timeout));
  W.put(" s)\n");
  const uintptr_t *First = nullptr;
  uint32_t NFirst = 0;
  for (size_t K = 0; K < Len; ++K) {
    const WaitEdge &X = E[Idx[K]];
    const WaitInfo &I = Info[Idx[K]];
    W.put("\n  thread ");
    threadName(W, X.Thread);
    if (!Orphan) {
      const size_t Prev = Idx[(K + Len - 1) % Len];
      W.put(" holds ");
      lockName(W, E[Prev].Lock, Info[Prev].Addr);
      W.put(" and");
    }
    W.put(" waits for ");
    lockName(W, X.Lock, I.Addr);
    W.put(Orphan ? ", still held by exited thread " : ", held by thread ");
    threadName(W, X.Owner);
    W.put("; it started waiting here:\n");
    uint32_t N;
    const uintptr_t *F = depotGet(I.Stack, &N);
    W.stack(F, N);
    if (K == 0) {
      First = F;
      NFirst = N;
    }
    // The lock this thread holds (for an orphan: the one its exited owner held).
    const size_t Held = Orphan ? Idx[K] : Idx[(K + Len - 1) % Len];
    W.put("  lock ");
    lockName(W, E[Held].Lock, Info[Held].Addr);
    W.put(" was acquired by thread ");
    threadName(W, E[Held].Owner);
    W.put(" here:\n");
    const uintptr_t *H = depotGet(Info[Held].OwnerStack, &N);
    W.stack(H, N);
  }
  W.summary("deadlock", First, NFirst);
  emitReport(W);
  if (Opts.abort_on_deadlock)
    exitNow();
}

void onDeadlockFound(const size_t *Idx, size_t Len, bool Orphan, void *) {
  uint64_t Sig = deadlockSignature(Scan.Edges, Idx, Len) ^ (Orphan ? 1 : 0);
  Candidate *C = nullptr;
  for (size_t I = 0; I < Scan.NumCands && !C; ++I)
    if (Scan.Cands[I].Sig == Sig)
      C = &Scan.Cands[I];
  if (!C) {
    if (Scan.NumCands == kMaxCandidates)
      return; // checked again next tick, once older candidates resolve
    C = &Scan.Cands[Scan.NumCands++];
    *C = Candidate{Sig, Scan.NowMs, false, false};
  }
  C->Seen = true;
  if (C->Reported ||
      Scan.NowMs - C->FirstMs < static_cast<uint64_t>(Opts.deadlock_timeout) * 1000)
    return;
  C->Reported = true;
  reportDeadlock(Scan.Edges, Scan.Info, Idx, Len, Orphan);
}

bool reserveScan(size_t N) {
  return growArray(Scan.Edges, Scan.Cap, N) && growArray(Scan.Info, Scan.InfoCap, N) &&
         growArray(Scan.Scratch, Scan.ScratchCap, 3 * N);
}

void scanWaits() {
  uint32_t NumThreads = __atomic_load_n(&NextTid, __ATOMIC_RELAXED);
  size_t N = 0;
  for (uint32_t Tid = 0; Tid < NumThreads; ++Tid) {
    WaitRecord *R = Waits.get(Tid, false);
    if (!R)
      continue;
    uint64_t E1 = __atomic_load_n(&R->Episode, __ATOMIC_ACQUIRE);
    if (E1 & 1)
      continue;
    uint32_t Node = __atomic_load_n(&R->Node, __ATOMIC_ACQUIRE);
    if (!Node)
      continue;
    uintptr_t Addr = __atomic_load_n(&R->Addr, __ATOMIC_RELAXED);
    uint32_t Stack = __atomic_load_n(&R->Stack, __ATOMIC_RELAXED);
    bool Shared = __atomic_load_n(&R->Shared, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (__atomic_load_n(&R->Episode, __ATOMIC_RELAXED) != E1)
      continue;
    uint64_t *O = Owners.get(Node, false);
    uint64_t Full = O ? __atomic_load_n(O, __ATOMIC_ACQUIRE) : 0;
    uint32_t Word = static_cast<uint32_t>(Full);
    WaitEdge X{Tid, Node, kNoThread, false, E1};
    // A reader waiting on a read-held lock does not wait for that reader.
    if (Word && !(Shared && (Word & kOwnerShared))) {
      X.Owner = (Word & ~kOwnerShared) - 1;
      WaitRecord *OR = Waits.get(X.Owner, false);
      X.OwnerExited = OR && __atomic_load_n(&OR->Exited, __ATOMIC_ACQUIRE);
    }
    if (!reserveScan(N + 1))
      break;
    Scan.Edges[N] = X;
    Scan.Info[N] = WaitInfo{Addr, Stack, static_cast<uint32_t>(Full >> 32)};
    ++N;
  }
  Scan.NowMs = monotonicMs();
  for (size_t I = 0; I < Scan.NumCands; ++I)
    Scan.Cands[I].Seen = false;
  if (N)
    findDeadlocks(Scan.Edges, N, Scan.Scratch, onDeadlockFound, nullptr);
  size_t Kept = 0; // a candidate not seen on this tick made progress: forget it
  for (size_t I = 0; I < Scan.NumCands; ++I)
    if (Scan.Cands[I].Seen)
      Scan.Cands[Kept++] = Scan.Cands[I];
  Scan.NumCands = Kept;
}

void *watchdogMain(void *) {
  TLS.InRuntime = 1; // for good: nothing this thread does is observed
  for (;;) {
    struct timespec T = {0, static_cast<long>(kTickMs) * 1000000};
    while (nanosleep(&T, &T) && errno == EINTR) {
    }
    if (!__atomic_load_n(&DeadlockOff, __ATOMIC_RELAXED))
      scanWaits();
  }
  return nullptr;
}

// ---------------------------------------------------------------- init / exit

void atExit() {
  if (__atomic_load_n(&ReportCount, __ATOMIC_RELAXED) &&
      __atomic_load_n(&ExitStatus, __ATOMIC_RELAXED) == 0)
    exitNow();
}

void optionError(const char *Msg, void *) { message(Msg); }
void helpText(const char *Text, void *) { writeAll(2, Text, __builtin_strlen(Text)); }

void doInit() {
  resolveRealFunctions();
  if (parseOptions(getenv("LOCKGRAPH_OPTIONS"), Opts, optionError, nullptr))
    message("warning: some LOCKGRAPH_OPTIONS were not understood (help=1 lists them)");
  if (Opts.help)
    printOptionHelp(helpText, nullptr);
  uintptr_t Probe = reinterpret_cast<uintptr_t>(&doInit);
  dl_iterate_phdr(findSelf, &Probe);
  void *Warm[4];
  backtrace(Warm, 4); // loads libgcc_s now, not on the lock path (see captureStack)
  pthread_atfork(forkPrepare, forkParent, forkChild);
  atexit(atExit);
  currentTid(); // the initializing thread (normally main) becomes T0
  if (Opts.verbosity >= 1)
    message("runtime initialized");
}

// Runs before main and before the program's own constructors.
__attribute__((constructor(101))) void initAtLoad() { ensureInit(); }

} // namespace

void ensureInit() {
  int S = __atomic_load_n(&InitState, __ATOMIC_ACQUIRE);
  if (S == 2)
    return;
  int Expected = 0;
  if (S == 0 && __atomic_compare_exchange_n(&InitState, &Expected, 1, false,
                                            __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    RuntimeScope Scope;
    doInit();
    __atomic_store_n(&InitState, 2, __ATOMIC_RELEASE);
  }
  // Another thread is initializing: this call passes through untracked.
}

const Options &options() { return Opts; }

uint32_t currentTid() {
  if (!TLS.TidSet) {
    TLS.Tid = __atomic_fetch_add(&NextTid, 1, __ATOMIC_RELAXED);
    TLS.TidSet = 1;
  }
  return TLS.Tid;
}

void noteExitStatus(int Status) { __atomic_store_n(&ExitStatus, Status, __ATOMIC_RELAXED); }

// ---------------------------------------------------------------- hooks
//
// The hot path (a known lock, known edges, no contention) takes no runtime lock and
// never unwinds: the node comes from the lock-free LockTable::find, each edge from
// LockGraph::findEdge, the acquisition stack from the thread's call-site cache.
// Anything new (a lock, an edge, a gate set that shrinks, a call site) goes to a slow
// path under GraphLock.

namespace {

size_t siteIndex(const CallSite &S) {
  uint64_t X = S.Pc ^ (S.Frame * 0x9e3779b97f4a7c15ULL);
  X ^= X >> 29;
  return static_cast<size_t>(X) & (kSiteSlots - 1);
}

void rememberSite(const CallSite &S, uint32_t Stack) {
  if (S.Pc && Stack)
    TLS.Sites[siteIndex(S)] = SiteSlot{S.Pc, S.Frame, Stack};
}

// Interns a freshly unwound stack.
uint32_t internStack(const uintptr_t *Frames, uint32_t N) {
  SpinGuard G(GraphLock);
  return Depot.put(Frames, N);
}

// The stack of an acquisition at S: unwound the first time the thread passes S at
// this depth, then taken from the cache. Two different paths reaching the same call
// site at the same stack depth share the first one's stack (frame #0 is always
// right); README.md lists this among the limits.
__attribute__((noinline)) uint32_t unwindSite(const CallSite &S) {
  uintptr_t Frames[kMaxStackDepth];
  uint32_t Id = internStack(Frames, captureStack(Frames));
  rememberSite(S, Id);
  return Id;
}

inline __attribute__((always_inline)) uint32_t siteStack(const CallSite &S) {
  const SiteSlot &Slot = TLS.Sites[siteIndex(S)];
  if (__builtin_expect(S.Pc && Slot.Pc == S.Pc && Slot.Frame == S.Frame, 1))
    return Slot.Stack;
  return unwindSite(S);
}

// The lock's live node, creating it on first use (or first use after destroy).
uint32_t lockNode(uintptr_t Addr, const CallSite &S) {
  if (uint32_t Node = Table.find(Addr))
    return Node;
  uint32_t Stack = siteStack(S); // where it is first used
  (void)Stack;
  SpinGuard G(GraphLock);
  uint32_t Gen = 0;
  uint32_t Node = Table.lookupOrCreate(Addr, &Gen);
  if (!Node || !Graph.describeNode(Node, Addr, Gen)) {
    warnOutOfMemory();
    return 0;
  }
  return Node;
}

// Node ids of the held locks, for gate checks.
const uint32_t *heldNodes(ThreadState &T) {
  size_t N = T.Held.size();
  if (!growArray(T.Scratch, T.ScratchCap, N)) {
    warnOutOfMemory();
    return nullptr;
  }
  for (size_t I = 0; I < N; ++I)
    T.Scratch[I] = T.Held[I].Node;
  return T.Scratch;
}

// Slow path: records every edge held -> C.Node that is new or loses gates, and
// reports the first cycle each closes. Unwinds the current stack once (the edge's
// "to" stack must be this acquisition's own).
void recordEdges(ThreadState &T, const uint32_t *Held, AcquireCtx &C) {
  uintptr_t Frames[kMaxStackDepth];
  uint32_t NF = captureStack(Frames);
  constexpr size_t kMaxPending = 8;
  PendingCycle Pending[kMaxPending];
  size_t NumPending = 0;
  const uint32_t Tid = currentTid();
  const size_t N = T.Held.size();
  {
    SpinGuard G(GraphLock);
    C.Stack = Depot.put(Frames, NF);
    for (size_t I = 0; I < N; ++I) {
      const HeldLock &H = T.Held[I];
      if (!H.Node)
        continue;
      Edge *E = nullptr;
      EdgeChange Ch = Graph.addEdge(H.Node, C.Node, Held, N, Tid, H.Stack, C.Stack, &E);
      if (Ch == EdgeChange::OutOfMemory) {
        warnOutOfMemory();
        continue;
      }
      if (Ch == EdgeChange::None)
        continue;
      size_t Len = Graph.findCycle(E, CyclePath, kMaxCycleEdges);
      if (!Len)
        continue;
      size_t Shown = Len < kMaxCycleEdges ? Len : kMaxCycleEdges;
      if (!Graph.firstReportOf(CyclePath, Shown) || NumPending == kMaxPending)
        continue;
      if (snapshotCycle(CyclePath, Shown, Len, Pending[NumPending]))
        ++NumPending;
    }
  }
  rememberSite(C.Site, C.Stack);
  for (size_t I = 0; I < NumPending; ++I)
    reportCycle(Pending[I]);
}

uint64_t monotonicNs() {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return static_cast<uint64_t>(T.tv_sec) * 1000000000u + static_cast<uint64_t>(T.tv_nsec);
}

// Per lock node: how often a blocking acquisition found it taken, and for how long
// it waited (contention hotspots). Touched on the contended path only.
struct Contention {
  uint64_t Count;
  uint64_t WaitNs;
};
ChunkedArray<Contention> Contentions;

} // namespace

void beforeLock(uintptr_t Addr, LockKind Kind, HoldMode Mode, bool Recursive,
                AcquireCtx &C) {
  ThreadState &T = TLS;
  long Idx = T.Held.findAddr(Addr);
  if (Idx >= 0) {
    const HeldLock &H = T.Held[static_cast<size_t>(Idx)];
    bool Allowed = (Kind == LockKind::Mutex && Recursive) ||
                   (Mode == HoldMode::Shared && H.Mode == HoldMode::Shared);
    C.Reentry = true;
    C.Node = H.Node;
    if (!Allowed && Opts.detect_double_lock) {
      uintptr_t Frames[kMaxStackDepth];
      uint32_t NF = captureStack(Frames);
      reportDoubleLock(Kind, Mode, H, Frames, NF);
    }
    return;
  }
  C.Node = lockNode(Addr, C.Site);
  const size_t N = T.Held.size();
  if (!C.Node || !N || !Opts.detect_lock_order_inversion)
    return;
  const uint32_t *Held = heldNodes(T);
  if (!Held)
    return;
  for (size_t I = 0; I < N; ++I) {
    uint32_t From = Held[I];
    if (!From)
      continue;
    if (!Graph.isSettled(From, C.Node, Held, N)) {
      recordEdges(T, Held, C);
      return;
    }
  }
}

void beginWait(uintptr_t Addr, HoldMode Mode, AcquireCtx &C) {
  if (!C.Node)
    return;
  C.WaitStartNs = monotonicNs();
  if (Contention *K = Contentions.get(C.Node, true))
    __atomic_add_fetch(&K->Count, 1, __ATOMIC_RELAXED);
  // Publish the wait for the watchdog (a timed wait cannot last forever).
  if (C.Timed || !Opts.detect_deadlock || __atomic_load_n(&DeadlockOff, __ATOMIC_RELAXED))
    return;
  uint32_t Stack = C.Stack ? C.Stack : siteStack(C.Site);
  if (WaitRecord *R = Waits.get(currentTid(), true)) {
    __atomic_add_fetch(&R->Episode, 1, __ATOMIC_ACQ_REL); // odd: being written
    __atomic_store_n(&R->Addr, Addr, __ATOMIC_RELAXED);
    __atomic_store_n(&R->Stack, Stack, __ATOMIC_RELAXED);
    uint32_t Shared = Mode == HoldMode::Shared ? 1 : 0;
    __atomic_store_n(&R->Shared, Shared, __ATOMIC_RELAXED);
    __atomic_store_n(&R->Node, C.Node, __ATOMIC_RELAXED);
    __atomic_add_fetch(&R->Episode, 1, __ATOMIC_RELEASE);
    C.Waiting = true;
  }
}

void endWait(AcquireCtx &C) {
  if (C.WaitStartNs) {
    if (Contention *K = Contentions.get(C.Node, false))
      __atomic_add_fetch(&K->WaitNs, monotonicNs() - C.WaitStartNs, __ATOMIC_RELAXED);
    C.WaitStartNs = 0;
  }
  if (!C.Waiting)
    return;
  C.Waiting = false;
  if (WaitRecord *R = Waits.get(currentTid(), false))
    __atomic_store_n(&R->Node, 0, __ATOMIC_RELEASE);
}

void startWatchdog() {
  if (!Opts.detect_deadlock || __atomic_load_n(&WatchdogStarted, __ATOMIC_RELAXED) ||
      __atomic_load_n(&DeadlockOff, __ATOMIC_RELAXED) ||
      __atomic_exchange_n(&WatchdogStarted, 1, __ATOMIC_ACQ_REL))
    return;
  if (createInternalThread(watchdogMain))
    message("warning: could not start the deadlock watchdog thread");
}

void afterLock(uintptr_t Addr, LockKind, HoldMode Mode, AcquireCtx &C) {
  ThreadState &T = TLS;
  if (C.Reentry || C.ByTry) {
    long Idx = T.Held.findAddr(Addr);
    if (Idx >= 0) {
      ++T.Held[static_cast<size_t>(Idx)].Count;
      return;
    }
  }
  if (C.ByTry)
    C.Node = lockNode(Addr, C.Site);
  uint32_t Stack = C.Stack ? C.Stack : siteStack(C.Site);
  if (HeldLock *H = T.Held.append()) {
    H->Addr = Addr;
    H->Node = C.Node;
    H->Count = 1;
    H->Stack = Stack;
    H->Mode = Mode;
    H->ByTry = C.ByTry;
  } else {
    warnOutOfMemory();
  }
  setOwner(C.Node, Mode, Stack);
}

void beforeUnlock(uintptr_t Addr, LockKind Kind, const CallSite &) {
  ThreadState &T = TLS;
  long Idx = T.Held.findAddr(Addr);
  if (Idx >= 0) {
    HeldLock &H = T.Held[static_cast<size_t>(Idx)];
    if (--H.Count == 0) {
      clearOwner(H.Node, H.Mode);
      T.Held.removeAt(static_cast<size_t>(Idx));
    }
    return;
  }
  uint32_t Node = Table.find(Addr);
  clearOwner(Node, HoldMode::Exclusive); // released by a non-owner: owner unknown now
  if (!Opts.detect_bad_unlock)
    return;
  uintptr_t Frames[kMaxStackDepth];
  uint32_t NF = captureStack(Frames);
  reportBadUnlock(Kind, Addr, Node, Frames, NF);
}

void onLockLifetime(uintptr_t Addr, bool Destroy, const CallSite &) {
  if (!Table.find(Addr))
    return; // never locked since its last init: the common case for init
  if (Destroy && Opts.detect_lock_leak) {
    long Idx = TLS.Held.findAddr(Addr);
    if (Idx >= 0) {
      HeldLock H = TLS.Held[static_cast<size_t>(Idx)];
      TLS.Held.removeAt(static_cast<size_t>(Idx));
      clearOwner(H.Node, H.Mode);
      uintptr_t Frames[kMaxStackDepth];
      uint32_t NF = captureStack(Frames);
      reportDestroyedHeld(H, currentTid(), Frames, NF);
    } else if (uint64_t *O = Opts.detect_deadlock ? Owners.get(Table.find(Addr), false)
                                                  : nullptr) {
      uint64_t Word = __atomic_load_n(O, __ATOMIC_ACQUIRE);
      if (uint32_t(Word)) {
        HeldLock H{Addr, Table.find(Addr), 1, static_cast<uint32_t>(Word >> 32),
                   (Word & kOwnerShared) ? HoldMode::Shared : HoldMode::Exclusive,
                   false};
        uintptr_t Frames[kMaxStackDepth];
        uint32_t NF = captureStack(Frames);
        reportDestroyedHeld(H, (uint32_t(Word) & ~kOwnerShared) - 1, Frames, NF);
      }
    }
  }
  SpinGuard G(GraphLock);
  uint32_t Node = Table.find(Addr);
  if (Table.endGeneration(Addr))
    clearOwner(Node, HoldMode::Exclusive);
}

void beforeCondWait(uintptr_t Mutex, CondWaitCtx &C) {
  long Idx = TLS.Held.findAddr(Mutex);
  if (Idx < 0)
    return;
  C.Saved = TLS.Held[static_cast<size_t>(Idx)];
  C.Had = true;
  TLS.Held.removeAt(static_cast<size_t>(Idx));
  clearOwner(C.Saved.Node, HoldMode::Exclusive);
}

void afterCondWait(CondWaitCtx &C) {
  if (!C.Had)
    return;
  if (!TLS.Held.push(C.Saved))
    warnOutOfMemory();
  setOwner(C.Saved.Node, HoldMode::Exclusive, C.Saved.Stack);
}

void onThreadStart() { currentTid(); }

void onThreadExit() {
  ThreadState &T = TLS;
  if (!T.Held.empty() && Opts.detect_lock_leak)
    reportLockLeak(T.Held);
  T.Held.release();
  // Locks still held keep this thread as owner: a wait for one of them is orphaned.
  if (Opts.detect_deadlock && T.TidSet)
    if (WaitRecord *R = Waits.get(T.Tid, true))
      __atomic_store_n(&R->Exited, 1, __ATOMIC_RELEASE);
  if (T.Scratch)
    pageFree(T.Scratch, T.ScratchCap * sizeof(uint32_t));
  T.Scratch = nullptr;
  T.ScratchCap = 0;
}

void forkPrepare() {
  ++TLS.InRuntime; // atfork handlers run after ours in this thread: not observed
  OutputLock.lock();
  GraphLock.lock();
}

void forkParent() {
  GraphLock.unlock();
  OutputLock.unlock();
  --TLS.InRuntime;
}

void forkChild() {
  // Only this thread exists in the child. Other threads' held sets lived in their
  // TLS and are gone with them; the graph stays (the child inherits the history).
  GraphLock.reset();
  OutputLock.reset();
  // The watchdog thread and the waits of the other threads did not survive the fork.
  __atomic_store_n(&DeadlockOff, 1, __ATOMIC_RELAXED);
  --TLS.InRuntime;
  if (Opts.verbosity >= 1)
    message("fork: child continues with this thread only");
}

} // namespace rt
} // namespace lockgraph
