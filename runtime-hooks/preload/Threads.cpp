// Thread identity for reports: ids handed out at creation, parent, creation stack,
// names, and pthread_join as a wait the deadlock watchdog can see.
#include <pthread.h>

#include "Output.h"
#include "RuntimeState.h"
#include "Spinning.h"
#include "Trace.h"

namespace lockgraph {
namespace rt {

ChunkedArray<ThreadInfo> Threads;

namespace {
RuntimeLock StartArgsLock;
StartArgs *FreeStartArgs;
} // namespace

static StartArgs *allocStartArgs() {
  RuntimeGuard G(StartArgsLock);
  if (!FreeStartArgs) {
    const size_t N = 4096 / sizeof(StartArgs);
    StartArgs *Block = static_cast<StartArgs *>(pageAlloc(N * sizeof(StartArgs)));
    if (!Block)
      return nullptr;
    for (size_t I = 0; I < N; ++I) {
      Block[I].NextFree = FreeStartArgs;
      FreeStartArgs = &Block[I];
    }
  }
  StartArgs *A = FreeStartArgs;
  FreeStartArgs = A->NextFree;
  return A;
}

static void freeStartArgs(StartArgs *A) {
  RuntimeGuard G(StartArgsLock);
  A->NextFree = FreeStartArgs;
  FreeStartArgs = A;
}


uint32_t assignTid() { // a thread we did not see created (or the first one: main)
  if (!TLS.TidSet) {
    TLS.Tid = __atomic_fetch_add(&NextTid, 1, __ATOMIC_RELAXED);
    TLS.TidSet = 1;
    if (ThreadInfo *I = Threads.get(TLS.Tid, true))
      __atomic_store_n(&I->Handle, static_cast<uintptr_t>(pthread_self()),
                       __ATOMIC_RELEASE);
  }
  return TLS.Tid;
}

uint32_t prepareThread() {
  uint32_t Tid = __atomic_fetch_add(&NextTid, 1, __ATOMIC_RELAXED);
  if (ThreadInfo *I = Threads.get(Tid, true)) {
    I->Parent = currentTid() + 1;
    I->CreateStack = currentStack();
  }
  return Tid;
}

uint32_t currentSegment() {
  if (!TLS.Segment)
    TLS.Segment = Segments.newSegment(currentTid(), 0, 0);
  return TLS.Segment;
}

StartArgs *beginCreate(void *Fn, void *Arg) {
  RuntimeScope Scope;
  startWatchdog();
  StartArgs *S = allocStartArgs();
  if (S) {
    S->Fn = Fn;
    S->Arg = Arg;
    S->Tid = prepareThread();
    // The new thread starts knowing everything its creator did so far; the creator
    // goes on in a new segment, which the new thread does not see.
    const uint32_t Creator = currentSegment();
    S->Segment = Segments.newSegment(S->Tid, 0, Creator);
    TLS.Segment = Segments.newSegment(currentTid(), Creator, 0);
  }
  return S;
}

void endCreate(StartArgs *S, uint32_t Tid, bool Created, uintptr_t Handle) {
  RuntimeScope Scope;
  if (Created)
    onThreadCreated(Tid, Handle); // S may be freed by now: the thread started
  else
    freeStartArgs(S);
}

void *adoptThread(StartArgs *A, void **Arg) {
  RuntimeScope Scope;
  void *Fn = A->Fn;
  *Arg = A->Arg;
  TLS.Segment = A->Segment;
  onThreadStart(A->Tid);
  freeStartArgs(A);
  return Fn;
}

void onThreadCreated(uint32_t Tid, uintptr_t Handle) {
  if (ThreadInfo *I = Threads.get(Tid, true))
    __atomic_store_n(&I->Handle, Handle, __ATOMIC_RELEASE);
}

void onThreadStart(uint32_t Tid) {
  TLS.Tid = Tid;
  TLS.TidSet = 1;
  countThreadStart();
  onThreadCreated(Tid, static_cast<uintptr_t>(pthread_self()));
  traceThread(Tid);
}

uint32_t threadByHandle(uintptr_t Handle) {
  uint32_t N = __atomic_load_n(&NextTid, __ATOMIC_RELAXED);
  // Newest first: a handle value is reused once its thread is joined or detached
  // and gone, and the live thread is the newer one.
  for (uint32_t Tid = N; Tid-- > 0;) {
    ThreadInfo *I = Threads.get(Tid, false);
    if (I && __atomic_load_n(&I->Handle, __ATOMIC_ACQUIRE) == Handle)
      return Tid;
  }
  return kNoThreadId;
}

void onThreadName(uintptr_t Handle, const char *Name) {
  uint32_t Tid = Handle == static_cast<uintptr_t>(pthread_self()) ? currentTid()
                                                                  : threadByHandle(Handle);
  ThreadInfo *I = Tid == kNoThreadId ? nullptr : Threads.get(Tid, true);
  if (!I || !Name)
    return;
  size_t K = 0;
  for (; K + 1 < sizeof I->Name && Name[K]; ++K)
    __atomic_store_n(&I->Name[K], Name[K], __ATOMIC_RELAXED);
  __atomic_store_n(&I->Name[K], '\0', __ATOMIC_RELEASE);
  traceThread(Tid);
}

void onThreadDetach(uintptr_t Handle) {
  uint32_t Tid = threadByHandle(Handle);
  if (ThreadInfo *I = Tid == kNoThreadId ? nullptr : Threads.get(Tid, false))
    __atomic_store_n(&I->Detached, 1, __ATOMIC_RELAXED);
}

void beginJoin(uintptr_t Handle, JoinCtx &C) {
  onBlockingWait();
  uint32_t Target = threadByHandle(Handle);
  C.Target = Target;
  if (!Opts.detect_deadlock)
    return;
  WaitRecord *R = Target == kNoThreadId ? nullptr : Waits.get(currentTid(), true);
  if (!R)
    return;
  uint32_t Stack = currentStack();
  __atomic_add_fetch(&R->Episode, 1, __ATOMIC_ACQ_REL); // odd: being written
  __atomic_store_n(&R->Addr, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&R->Stack, Stack, __ATOMIC_RELAXED);
  __atomic_store_n(&R->Shared, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&R->Node, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&R->JoinTid, Target + 1, __ATOMIC_RELAXED);
  __atomic_add_fetch(&R->Episode, 1, __ATOMIC_RELEASE);
  C.Waiting = true;
}

void endJoin(JoinCtx &C, bool Joined) {
  ThreadInfo *I = Joined && C.Target != kNoThreadId ? Threads.get(C.Target, false) : nullptr;
  if (uint32_t Last = I ? __atomic_load_n(&I->LastSegment, __ATOMIC_ACQUIRE) : 0)
    TLS.Segment = Segments.newSegment(currentTid(), currentSegment(), Last);
  if (!C.Waiting)
    return;
  C.Waiting = false;
  if (WaitRecord *R = Waits.get(currentTid(), false))
    __atomic_store_n(&R->JoinTid, 0, __ATOMIC_RELEASE);
}

void threadLabel(Writer &W, uint32_t Tid) {
  W.put("T");
  W.dec(Tid);
  ThreadInfo *I = Threads.get(Tid, false);
  if (!I || !__atomic_load_n(&I->Name[0], __ATOMIC_ACQUIRE))
    return;
  W.put(" \"");
  for (size_t K = 0; K + 1 < sizeof I->Name; ++K) {
    char Ch = __atomic_load_n(&I->Name[K], __ATOMIC_RELAXED);
    if (!Ch)
      break;
    W.putc1(Ch);
  }
  W.put("\"");
}

void threadOrigin(Writer &W, uint32_t Tid) {
  W.put("  thread ");
  threadLabel(W, Tid);
  ThreadInfo *I = Threads.get(Tid, false);
  if (!I || !I->Parent) {
    W.put(Tid == 0 ? " is the main thread\n" : " was not seen being created\n");
    return;
  }
  W.put(" was created by thread ");
  threadLabel(W, I->Parent - 1);
  W.put(" at:\n");
  uint32_t N;
  const uintptr_t *F = depotGet(I->CreateStack, &N);
  W.stack(F, N);
}

} // namespace rt
} // namespace lockgraph
