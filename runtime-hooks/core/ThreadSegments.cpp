// Happens-before over thread segments (see ThreadSegments.h). A predecessor is always
// created before its successor, so its id is smaller: a search for A from B never needs
// to visit segments older than A.
#include "ThreadSegments.h"

namespace lockgraph {
namespace rt {

uint32_t ThreadSegments::newSegment(uint32_t Thread, uint32_t Prev, uint32_t Sync) {
  uint32_t Id = __atomic_add_fetch(&Next, 1, __ATOMIC_RELAXED);
  Segment *S = Id ? Segments.get(Id, true) : nullptr;
  if (!S)
    return 0;
  S->Thread = Thread;
  S->Prev = Prev;
  S->Sync = Sync;
  return Id;
}

bool ThreadSegments::mayOverlap(uint32_t A, uint32_t B) {
  const Segment *SA = A ? Segments.get(A, false) : nullptr;
  const Segment *SB = B ? Segments.get(B, false) : nullptr;
  if (!SA || !SB || SA->Thread == SB->Thread)
    return true;
  return !happensBefore(A, B) && !happensBefore(B, A);
}

bool ThreadSegments::happensBefore(uint32_t A, uint32_t B) {
  if (!A || !B || A > B)
    return false;
  if (A == B)
    return true;
  if (++Epoch == 0)
    ++Epoch;
  size_t Top = 0;
  auto Push = [&](uint32_t Id) {
    if (Id < A)
      return true; // older than A: cannot lead back to it
    Segment *S = Segments.get(Id, false);
    if (!S || S->Mark == Epoch)
      return true;
    S->Mark = Epoch;
    if (!growArray(Work, WorkCap, Top + 1))
      return false;
    Work[Top++] = Id;
    return true;
  };
  if (!Push(B))
    return false;
  while (Top) {
    uint32_t Id = Work[--Top];
    if (Id == A)
      return true;
    const Segment *S = Segments.get(Id, false);
    if (!Push(S->Prev) || !Push(S->Sync))
      return false; // out of memory: not known to be ordered
  }
  return false;
}

} // namespace rt
} // namespace lockgraph
