// Which part of a lock-order graph the HTML page draws. A graph of a few dozen locks is
// drawn whole. A larger one is reduced to its strongly connected parts (the only places
// a lock-order cycle can be), the parts with a reported cycle first; a part too big to
// draw keeps only its reported cycles' edges. Everything left out is counted, so the
// page can say what the picture does not show (the edge table still lists it all).
#pragma once

#include "lockgraph/Finding.h"

#include <cstddef>
#include <vector>

namespace lockgraph {

struct DrawLimits {
  size_t MaxLocks = 60;
  size_t MaxOrders = 150;
};

struct GraphDrawing {
  enum class Scope {
    Whole,         // every lock and lock order
    CyclicParts,   // strongly connected parts only
    Nothing,       // a graph without a cycle too large to draw
  };
  Scope What = Scope::Whole;
  std::vector<LockEdge> Edges; // to draw: one per ordered pair of locks
  size_t Locks = 0, Orders = 0;             // in the whole graph (orders: distinct pairs)
  size_t DrawnLocks = 0;
  size_t CyclicParts = 0, DrawnParts = 0;   // strongly connected parts of 2+ locks
  size_t PartsCutToCycles = 0; // parts too big to draw whole: only their cycle edges drawn
};

GraphDrawing selectForDrawing(const std::vector<LockEdge> &Graph, const DrawLimits &Limits = {});

} // namespace lockgraph
