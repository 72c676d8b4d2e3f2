// Happens-before from thread creation and join, for deciding whether two lock-order
// edges could have been taken at the same time.
//
// A thread's life is cut into segments at every pthread_create it makes and every
// pthread_join that returns. A segment has at most two predecessors: the previous
// segment of its thread (Prev), and a segment of another thread it synchronized with
// (Sync): the creator's segment at the create, for a thread's first segment; the joined
// thread's last segment, for the joiner's segment after the join. Segment A happens
// before segment B when A reaches B along these links; two edges taken in segments
// that are ordered either way cannot be parts of one deadlock.
//
// What this does not cover: condition variables, semaphores used as signals, barriers,
// atomics, pipes. Edges ordered only by those still count as concurrent, so the
// lock-order report stays what it was without happens-before for them.
//
// Contract: no locking, no malloc. newSegment may run concurrently from any thread
// (ids from an atomic counter; records written before the id is published to anyone).
// happensBefore is for one caller at a time (it stamps visit marks; the runtime
// calls it under its graph lock).
#pragma once

#include <cstddef>
#include <cstdint>

#include "ChunkedArray.h"

namespace lockgraph {
namespace rt {

class ThreadSegments {
public:
  // A new segment of thread Thread after Prev (0: the thread's first) that learned
  // what Sync knew (0: nothing). Returns 0 when out of memory or ids: such a segment
  // is taken as concurrent with everything.
  uint32_t newSegment(uint32_t Thread, uint32_t Prev, uint32_t Sync);
  // true when segment A happens before segment B (A == B included: one thread's
  // program order). Any 0 argument: false.
  bool happensBefore(uint32_t A, uint32_t B);
  // Whether lock-order edges taken in segments A and B can be parts of one deadlock:
  // taken by one thread (its code may run in two threads at once another time, as
  // lockdep assumes), or by two threads neither of which happens before the other.
  bool mayOverlap(uint32_t A, uint32_t B);

private:
  struct Segment {
    uint32_t Thread;
    uint32_t Prev, Sync;
    uint32_t Mark; // search epoch of happensBefore
  };
  ChunkedArray<Segment> Segments;
  uint32_t Next; // last id handed out; ids start at 1
  uint32_t Epoch;
  uint32_t *Work;
  size_t WorkCap;
};

} // namespace rt
} // namespace lockgraph
