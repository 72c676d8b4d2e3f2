// The reports printed as findings happen: text for stderr (or log_path), one
// WARNING block and its SUMMARY line each.
#include "Output.h"
#include "RuntimeState.h"
#include "Trace.h"

namespace lockgraph {
namespace rt {

const Edge *CyclePath[kMaxCycleEdges];

namespace {
// "  lock L3 (0x...) was acquired here:" and its stack.
void acquiredHere(Writer &W, uint32_t Node, uintptr_t Addr, const uintptr_t *F,
                  uint32_t N) {
  W.put("  lock ");
  lockName(W, Node, Addr);
  W.put(" was acquired here:\n");
  W.stack(F, N);
}
} // namespace

const char *kindName(LockKind K, HoldMode M) {
  switch (K) {
  case LockKind::Mutex:
    return "mutex";
  case LockKind::Spin:
    return "spinlock";
  case LockKind::RwLock:
    return M == HoldMode::Shared ? "rwlock (read)" : "rwlock (write)";
  case LockKind::Semaphore:
    return "semaphore";
  case LockKind::C11Mutex:
    return "mtx_t";
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
    C.StackFromId = E->StackFrom;
    C.StackToId = E->StackTo;
    C.StackFrom = Depot.get(E->StackFrom, &C.NFrom);
    C.StackTo = Depot.get(E->StackTo, &C.NTo);
  }
  return true;
}

namespace {
bool cycleSuppressed(const PendingCycle &P) {
  for (size_t I = 0; I < P.Len; ++I)
    if (suppressed("lock-order-inversion", P.Edges[I].StackTo, P.Edges[I].NTo) ||
        suppressed("lock-order-inversion", P.Edges[I].StackFrom, P.Edges[I].NFrom))
      return true;
  return false;
}
} // namespace

void reportCycle(PendingCycle &P) {
  if (cycleSuppressed(P)) {
    pageFree(P.Edges, P.Len * sizeof(CycleEdge));
    return;
  }
  traceInversion(P);
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
    W.put(" in thread ");
    threadLabel(W, E.Thread);
    W.put(":\n");
    W.stack(E.StackTo, E.NTo);
    acquiredHere(W, E.From, E.FromAddr, E.StackFrom, E.NFrom);
  }
  // Where each thread involved came from (once per thread).
  W.put("\n");
  for (size_t I = 0; I < P.Len; ++I) {
    bool Seen = false;
    for (size_t J = 0; J < I && !Seen; ++J)
      Seen = P.Edges[J].Thread == P.Edges[I].Thread;
    if (!Seen)
      threadOrigin(W, P.Edges[I].Thread);
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

// Live output says each finding once: a program that repeats a bug in a loop gets one
// report per distinct (finding, stack), and a count of the repeats at exit.
namespace {
enum RepeatRule : uint64_t {
  kDoubleLock = 1,
  kBadUnlock,
  kLockLeak,
  kDestroyedHeld,
  kBusyWait,
  kLivelock,
  kStarvation
};
RuntimeLock RepeatLock;
uint64_t *Seen; // open addressing, at most half full; 0 is empty
size_t SeenCap, NumSeen;
uint64_t Repeats;

} // namespace

void reportsAfterFork() { RepeatLock.reset(); }

namespace {

bool firstTimeAt(RepeatRule Rule, uint32_t Stack) {
  if (!Stack)
    return true; // no stack to tell repeats apart (out of memory): say it
  const uint64_t Key = Rule << 32 | Stack;
  RuntimeGuard G(RepeatLock);
  if ((NumSeen + 1) * 2 > SeenCap) {
    size_t NewCap = SeenCap ? SeenCap * 2 : 256;
    uint64_t *New = static_cast<uint64_t *>(pageAlloc(NewCap * sizeof(uint64_t)));
    if (!New)
      return true;
    for (size_t I = 0; I < SeenCap; ++I)
      if (Seen[I]) {
        size_t H = (Seen[I] * 0x9e3779b97f4a7c15ull) >> 20 & (NewCap - 1);
        while (New[H])
          H = (H + 1) & (NewCap - 1);
        New[H] = Seen[I];
      }
    if (Seen)
      pageFree(Seen, SeenCap * sizeof(uint64_t));
    Seen = New;
    SeenCap = NewCap;
  }
  size_t H = (Key * 0x9e3779b97f4a7c15ull) >> 20 & (SeenCap - 1);
  for (; Seen[H]; H = (H + 1) & (SeenCap - 1))
    if (Seen[H] == Key) {
      ++Repeats;
      return false;
    }
  Seen[H] = Key;
  ++NumSeen;
  return true;
}
} // namespace

void sayRepeats() {
  uint64_t N = __atomic_exchange_n(&Repeats, 0, __ATOMIC_RELAXED);
  if (!N)
    return;
  Writer W;
  W.put("lockgraph: ");
  W.dec(N);
  W.put(" repeat(s) of findings already reported (same finding, same stack) were "
        "counted, not printed again\n");
  emit(W);
}

void reportDoubleLock(LockKind Kind, HoldMode Mode, const HeldLock &H,
                      const uintptr_t *Cur, uint32_t NCur) {
  uint32_t N;
  const uintptr_t *Prev = depotGet(H.Stack, &N);
  if (suppressed("double-lock", Cur, NCur) || suppressed("double-lock", Prev, N))
    return;
  const uint32_t CurStack = internStack(Cur, NCur);
  if (!firstTimeAt(kDoubleLock, CurStack))
    return;
  traceDoubleLock(H.Node, CurStack, H.Stack);
  Writer W;
  W.put("WARNING: lockgraph: double-lock (self-deadlock) in thread ");
  threadLabel(W, currentTid());
  W.put("\n  ");
  W.put(kindName(Kind, Mode));
  W.put(" ");
  lockName(W, H.Node, H.Addr);
  W.put(" requested while this thread already holds it");
  if (Kind == LockKind::RwLock)
    W.put(H.Mode == HoldMode::Shared ? " for reading" : " for writing");
  W.put(":\n");
  W.stack(Cur, NCur);
  acquiredHere(W, H.Node, H.Addr, Prev, N);
  W.summary("double-lock", Cur, NCur);
  emitReport(W);
}

void reportBadUnlock(LockKind Kind, uintptr_t Addr, uint32_t Node, const uintptr_t *Cur,
                     uint32_t NCur) {
  if (suppressed("bad-unlock", Cur, NCur))
    return;
  const uint32_t CurStack = internStack(Cur, NCur);
  if (!firstTimeAt(kBadUnlock, CurStack))
    return;
  traceBadUnlock(Node, Addr, CurStack);
  Writer W;
  W.put("WARNING: lockgraph: bad-unlock of a ");
  W.put(Kind == LockKind::RwLock ? "rwlock" : kindName(Kind, HoldMode::Exclusive));
  W.put(" not held by this thread (thread ");
  threadLabel(W, currentTid());
  W.put(")\n  unlock of ");
  lockName(W, Node, Addr);
  W.put(":\n");
  W.stack(Cur, NCur);
  W.summary("bad-unlock", Cur, NCur);
  emitReport(W);
}

void reportLockLeak(const HeldSet &Held, const char *Reason) {
  const bool Abort = Reason[0] == 'a';
  for (size_t I = 0; I < Held.size(); ++I) {
    uint32_t N;
    const uintptr_t *F = depotGet(Held[I].Stack, &N);
    if (suppressed("lock-leak", F, N))
      return;
  }
  if (!firstTimeAt(kLockLeak, Held[0].Stack))
    return;
  uintptr_t Frames[kMaxStackDepth];
  const uint32_t NF = Abort ? captureStack(Frames) : 0;
  const uint32_t AbortStack = Abort ? internStack(Frames, NF) : 0;
  traceLockLeak(Reason, &Held[0], Held.size(), AbortStack);
  Writer W;
  W.put("WARNING: lockgraph: lock-leak: thread ");
  threadLabel(W, currentTid());
  W.put(Abort ? " aborts the process while holding " : " exits while holding ");
  W.dec(Held.size());
  W.put(" lock(s)\n");
  if (Abort) {
    W.put("  abort() called here:\n");
    W.stack(Frames, NF);
  }
  const uintptr_t *First = nullptr;
  uint32_t NFirst = 0;
  for (size_t I = 0; I < Held.size(); ++I) {
    uint32_t N;
    const uintptr_t *F = depotGet(Held[I].Stack, &N);
    acquiredHere(W, Held[I].Node, Held[I].Addr, F, N);
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
  uint32_t N;
  const uintptr_t *F = depotGet(H.Stack, &N);
  if (suppressed("lock-leak", Cur, NCur) || suppressed("lock-leak", F, N))
    return;
  const uint32_t CurStack = internStack(Cur, NCur);
  if (!firstTimeAt(kDestroyedHeld, CurStack))
    return;
  traceLockLeak("destroyed-while-held", &H, 1, CurStack);
  Writer W;
  W.put("WARNING: lockgraph: lock-leak: thread ");
  threadLabel(W, currentTid());
  W.put(" destroys ");
  lockName(W, H.Node, H.Addr);
  W.put(" while thread ");
  threadLabel(W, Owner);
  W.put(Owner == currentTid() ? " (itself)" : "");
  W.put(" holds it:\n");
  W.stack(Cur, NCur);
  acquiredHere(W, H.Node, H.Addr, F, N);
  W.summary("lock-leak", Cur, NCur);
  emitReport(W);
}

namespace {
// "120 ms", "1.2 s" (one decimal), "350 us".
void duration(Writer &W, uint64_t Ns) {
  if (Ns >= 1000000000u) {
    W.dec(Ns / 1000000000u);
    W.put(".");
    W.dec(Ns / 100000000u % 10);
    W.put(" s");
  } else if (Ns >= 1000000u) {
    W.dec(Ns / 1000000u);
    W.put(" ms");
  } else {
    W.dec(Ns / 1000u);
    W.put(" us");
  }
}

void depotStack(Writer &W, uint32_t Id) {
  uint32_t N = 0;
  const uintptr_t *F = Id ? depotGet(Id, &N) : nullptr;
  W.stack(F, F ? N : 0);
}

void nodeName(Writer &W, uint32_t Node) {
  const NodeRec *R = Graph.node(Node);
  lockName(W, Node, R ? R->Addr : 0);
}

// "  the lock is held by thread T2, which took it here:" and the stack.
void holderStack(Writer &W, uint32_t Owner, uint32_t OwnerStack, const char *What) {
  if (!OwnerStack)
    return;
  W.put("  ");
  W.put(What);
  W.put(" ");
  if (Owner != kNoThreadId) {
    W.put("thread ");
    threadLabel(W, Owner);
    W.put(", ");
  }
  W.put("which took it here:\n");
  depotStack(W, OwnerStack);
}
} // namespace

void reportBusyWait(const BusyWaitFacts &F) {
  uint32_t N = 0;
  const uintptr_t *Frames = F.Stack ? depotGet(F.Stack, &N) : nullptr;
  if (suppressed("busy-wait", Frames, Frames ? N : 0) || !firstTimeAt(kBusyWait, F.Stack))
    return;
  traceBusyWait(F);
  const bool Try = F.Kind[0] == 't', Spin = F.Kind[0] == 's' && F.Kind[1] == 'p',
             Yield = F.Kind[0] == 'y';
  Writer W;
  W.put("WARNING: lockgraph: busy-wait: thread ");
  threadLabel(W, currentTid());
  if (Try) {
    W.put(" failed to trylock ");
    nodeName(W, F.Lock);
    W.put(" ");
    W.dec(F.Rounds);
    W.put(" times in a row over ");
  } else if (Spin) {
    W.put(" spun on ");
    nodeName(W, F.Lock);
    W.put(" for ");
  } else {
    W.put(" polls: ");
    W.dec(F.Rounds);
    W.put(Yield ? " sched_yield calls" : " short sleeps");
    W.put(" in a row from one place");
    if (!Yield) {
      W.put(", ");
      duration(W, F.SleptNs / (F.Rounds ? F.Rounds : 1));
      W.put(" each");
    }
    W.put(", over ");
  }
  duration(W, F.ElapsedNs);
  W.put(" (");
  duration(W, F.CpuNs);
  W.put(" of CPU), without blocking in between\n");
  W.put(Try ? "  the trylock is here:\n" : Spin ? "  the spin_lock is here:\n"
                                                : "  the loop pauses here:\n");
  W.stack(Frames, Frames ? N : 0);
  holderStack(W, F.Owner, F.OwnerStack, "the lock is held by");
  W.summary("busy-wait", Frames, Frames ? N : 0);
  emitReport(W);
}

void reportLivelock(const LivelockThreadRec *T, size_t N) {
  for (size_t I = 0; I < N; ++I) {
    uint32_t NF = 0;
    const uintptr_t *F = T[I].WaitStack ? depotGet(T[I].WaitStack, &NF) : nullptr;
    if (suppressed("livelock", F, F ? NF : 0))
      return;
  }
  if (!N || !firstTimeAt(kLivelock, T[0].WaitStack))
    return;
  traceLivelock(T, N);
  Writer W;
  W.put("WARNING: lockgraph: livelock: ");
  W.dec(N);
  W.put(" threads keep failing trylocks on locks the others hold, and none gets through\n");
  for (size_t I = 0; I < N; ++I) {
    W.put("\n  thread ");
    threadLabel(W, T[I].Thread);
    W.put(" holds ");
    nodeName(W, T[I].Holds);
    W.put(" and failed to trylock ");
    nodeName(W, T[I].WaitsFor);
    W.put(" (held by thread ");
    threadLabel(W, T[I].Owner);
    W.put(") ");
    W.dec(T[I].Rounds);
    W.put(" times in a row, here:\n");
    depotStack(W, T[I].WaitStack);
    if (T[I].HoldStack) {
      W.put("  it took ");
      nodeName(W, T[I].Holds);
      W.put(" here:\n");
      depotStack(W, T[I].HoldStack);
    }
  }
  uint32_t NF = 0;
  const uintptr_t *F = T[0].WaitStack ? depotGet(T[0].WaitStack, &NF) : nullptr;
  W.summary("livelock", F, F ? NF : 0);
  emitReport(W);
}

void reportStarvation(uint32_t Thread, const StarvationFacts &F) {
  uint32_t N = 0;
  const uintptr_t *Frames = F.Stack ? depotGet(F.Stack, &N) : nullptr;
  if (suppressed("starvation", Frames, Frames ? N : 0) || !firstTimeAt(kStarvation, F.Stack))
    return;
  traceStarvation(Thread, F);
  Writer W;
  W.put("WARNING: lockgraph: starvation: thread ");
  threadLabel(W, Thread);
  W.put(" has waited ");
  duration(W, F.WaitedNs);
  W.put(F.Shared ? " to read-lock " : " for ");
  nodeName(W, F.Lock);
  W.put(" while other threads acquired it ");
  W.dec(F.Overtakes);
  W.put(" times\n  it waits here:\n");
  W.stack(Frames, Frames ? N : 0);
  holderStack(W, F.Owner, F.OwnerStack, "held now by");
  W.summary("starvation", Frames, Frames ? N : 0);
  emitReport(W);
}

} // namespace rt
} // namespace lockgraph
