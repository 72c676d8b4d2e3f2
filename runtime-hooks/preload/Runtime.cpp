#include "Runtime.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../core/LockGraph.h"
#include "../core/LockTable.h"
#include "../core/StackDepot.h"
#include "SpinLock.h"

namespace lockgraph {
namespace rt {

__thread ThreadState TLS __attribute__((tls_model("initial-exec")));

namespace {

// All global state is zero- or constant-initialized: no global constructors.
SpinLock GraphLock;  // guards Table, Graph, Depot
SpinLock OutputLock; // serializes writes of whole reports
LockTable Table;
LockGraph Graph;
StackDepot Depot;
Options Opts;
int InitState;       // 0 not started, 1 in progress, 2 done
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

bool hooksActive() {
  if (TLS.InRuntime)
    return false;
  if (__atomic_load_n(&InitState, __ATOMIC_ACQUIRE) != 2)
    ensureInit();
  return __atomic_load_n(&InitState, __ATOMIC_ACQUIRE) == 2 && !TLS.InRuntime;
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

void beforeLock(uintptr_t Addr, LockKind Kind, HoldMode Mode, bool Recursive,
                AcquireCtx &C) {
  ThreadState &T = TLS;
  uintptr_t Frames[kMaxStackDepth];
  uint32_t NF = captureStack(Frames);
  long Idx = T.Held.findAddr(Addr);
  if (Idx >= 0) {
    const HeldLock &H = T.Held[static_cast<size_t>(Idx)];
    bool Allowed = (Kind == LockKind::Mutex && Recursive) ||
                   (Mode == HoldMode::Shared && H.Mode == HoldMode::Shared);
    C.Reentry = true;
    C.Node = H.Node;
    if (!Allowed && Opts.detect_double_lock)
      reportDoubleLock(Kind, Mode, H, Frames, NF);
    return;
  }

  constexpr size_t kMaxPending = 8;
  PendingCycle Pending[kMaxPending];
  size_t NumPending = 0;
  uint32_t Tid = currentTid();
  {
    SpinGuard G(GraphLock);
    uint32_t Gen = 0;
    C.Node = Table.lookupOrCreate(Addr, &Gen);
    C.Stack = Depot.put(Frames, NF);
    if (!C.Node || !Graph.describeNode(C.Node, Addr, Gen)) {
      warnOutOfMemory();
      C.Node = 0;
    }
    size_t N = T.Held.size();
    if (C.Node && N && Opts.detect_lock_order_inversion) {
      if (!growArray(T.Scratch, T.ScratchCap, N)) {
        warnOutOfMemory();
        N = 0;
      }
      for (size_t I = 0; I < N; ++I)
        T.Scratch[I] = T.Held[I].Node;
      for (size_t I = 0; I < N; ++I) {
        const HeldLock &H = T.Held[I];
        if (!H.Node)
          continue;
        Edge *E = nullptr;
        EdgeChange Ch =
            Graph.addEdge(H.Node, C.Node, T.Scratch, N, Tid, H.Stack, C.Stack, &E);
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
  }
  for (size_t I = 0; I < NumPending; ++I)
    reportCycle(Pending[I]);
}

void afterLock(uintptr_t Addr, LockKind, HoldMode Mode, AcquireCtx &C) {
  ThreadState &T = TLS;
  long Idx = T.Held.findAddr(Addr);
  if (Idx >= 0) {
    ++T.Held[static_cast<size_t>(Idx)].Count;
    return;
  }
  bool ByTry = false;
  if (!C.Node && !C.Reentry) { // trylock: no edges into it, but record where
    ByTry = true;
    uintptr_t Frames[kMaxStackDepth];
    uint32_t NF = captureStack(Frames);
    SpinGuard G(GraphLock);
    uint32_t Gen = 0;
    C.Node = Table.lookupOrCreate(Addr, &Gen);
    C.Stack = Depot.put(Frames, NF);
    if (!C.Node || !Graph.describeNode(C.Node, Addr, Gen)) {
      warnOutOfMemory();
      C.Node = 0;
    }
  }
  HeldLock H{Addr, C.Node, 1, C.Stack, Mode, ByTry};
  if (!T.Held.push(H))
    warnOutOfMemory();
}

void beforeUnlock(uintptr_t Addr, LockKind Kind) {
  ThreadState &T = TLS;
  long Idx = T.Held.findAddr(Addr);
  if (Idx >= 0) {
    HeldLock &H = T.Held[static_cast<size_t>(Idx)];
    if (--H.Count == 0)
      T.Held.removeAt(static_cast<size_t>(Idx));
    return;
  }
  if (!Opts.detect_bad_unlock)
    return;
  uintptr_t Frames[kMaxStackDepth];
  uint32_t NF = captureStack(Frames);
  uint32_t Node;
  {
    SpinGuard G(GraphLock);
    Node = Table.find(Addr);
  }
  reportBadUnlock(Kind, Addr, Node, Frames, NF);
}

void onLockLifetime(uintptr_t Addr) {
  SpinGuard G(GraphLock);
  Table.endGeneration(Addr);
}

void beforeCondWait(uintptr_t Mutex, CondWaitCtx &C) {
  long Idx = TLS.Held.findAddr(Mutex);
  if (Idx < 0)
    return;
  C.Saved = TLS.Held[static_cast<size_t>(Idx)];
  C.Had = true;
  TLS.Held.removeAt(static_cast<size_t>(Idx));
}

void afterCondWait(CondWaitCtx &C) {
  if (C.Had && !TLS.Held.push(C.Saved))
    warnOutOfMemory();
}

void onThreadStart() { currentTid(); }

void onThreadExit() {
  ThreadState &T = TLS;
  if (!T.Held.empty() && Opts.detect_lock_leak)
    reportLockLeak(T.Held);
  T.Held.release();
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
  --TLS.InRuntime;
  if (Opts.verbosity >= 1)
    message("fork: child continues with this thread only");
}

} // namespace rt
} // namespace lockgraph
