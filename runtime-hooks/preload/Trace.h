// The process's trace file (docs/trace-format.md), when the trace_dir option is set.
//
// Definitions come before use in every file: a lock, stack or thread record is
// written when first referred to by the file (and locks also when created), which
// is also how a fork child's fresh file gets the inherited ones it needs. Functions
// named *Locked expect the caller to hold GraphLock; the others take it.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "RuntimeState.h"

namespace lockgraph {
namespace rt {

// At init: opens the file and writes the header, modules and the main thread.
void traceOpen(int Argc, char **Argv);
bool tracing();

void traceLockCreatedLocked(uint32_t Node);
// The new edges of one acquisition, as one `edges` record.
void traceEdgesLocked(uint32_t To, uint32_t Thread, uint32_t StackTo, const uint32_t *From,
                      const uint32_t *StackFrom, size_t NumEdges, const uint32_t *Held,
                      size_t NumHeld);
void traceThread(uint32_t Tid); // started or renamed

// Findings, written before the stderr report and flushed.
void traceInversion(const PendingCycle &P);
void traceDoubleLock(uint32_t Node, uint32_t Stack, uint32_t FirstStack);
void traceBadUnlock(uint32_t Node, uintptr_t Addr, uint32_t Stack);
// Reason: "thread-exit" or "destroyed-while-held".
void traceLockLeak(const char *Reason, const HeldLock *Locks, size_t N, uint32_t Stack);
struct DeadlockThreadRec {
  uint32_t Thread, Holds, WaitsFor, Owner, WaitStack, HoldStack;
};
void traceDeadlock(bool Orphan, const DeadlockThreadRec *Threads, size_t N);
void traceBusyWait(const BusyWaitFacts &F);
void traceStarvation(uint32_t Thread, const StarvationFacts &F);
void traceLivelock(const LivelockThreadRec *Threads, size_t N);

// Writes what is buffered when the last write is Force or about a second old.
void traceFlush(bool Force);
// The last records: contention per lock, then `end`.
void traceEnd(const char *Reason, int Status, bool HasProgramStatus, int ProgramStatus);
// Before exec: an end record (reason "exec") and a flush; the file stays open (it is
// close-on-exec) in case exec fails.
void traceExec();
// In a fork child: the next record starts the child's own file.
void traceForkChild();

} // namespace rt
} // namespace lockgraph
