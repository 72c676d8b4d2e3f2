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
enum RepeatRule : uint64_t { kDoubleLock = 1, kBadUnlock, kLockLeak, kDestroyedHeld };
RuntimeLock RepeatLock;
uint64_t *Seen; // open addressing, at most half full; 0 is empty
size_t SeenCap, NumSeen;
uint64_t Repeats;

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

} // namespace rt
} // namespace lockgraph
