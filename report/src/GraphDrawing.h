// Which part of a lock-order graph the HTML page draws. A graph of a dozen or so locks
// is drawn whole. A larger one is reduced to its strongly connected parts over the
// orders taken on every path (the only places a reported lock-order cycle can be), the
// parts with a reported cycle first; a part too big to draw keeps only its reported
// cycles' edges. Each part is its own drawing, stacked down the page rather than side
// by side. Everything left out is counted, so the page can say what the picture does
// not show (the edge table still lists it all).
#pragma once

#include "lockgraph/Finding.h"

#include <cstddef>
#include <vector>

namespace lockgraph {

struct DrawLimits {
  // A graph this small is drawn whole, cycles or not. Larger ones are drawn by parts:
  // a whole graph of dozens of locks comes out as a strip of unconnected pieces too
  // wide to read (knot's 44 locks: 9,451 pt).
  size_t WholeLocks = 16;
  size_t WholeOrders = 40;
  // The most the drawn parts may hold together (Graphviz takes about half a second for
  // 50 locks and 139 labelled orders, and much longer beyond).
  size_t PartLocks = 60;
  size_t PartOrders = 150;
};

struct GraphDrawing {
  enum class Scope {
    Whole,         // every lock and lock order, one drawing
    CyclicParts,   // strongly connected parts only, one drawing each
    Nothing,       // a graph without a cycle too large to draw whole
  };
  Scope What = Scope::Whole;
  // Each drawing's edges, one per ordered pair of locks.
  std::vector<std::vector<LockEdge>> Drawings;
  size_t Locks = 0, Orders = 0;             // in the whole graph (orders: distinct pairs)
  size_t DrawnLocks = 0;
  size_t CyclicParts = 0, DrawnParts = 0;   // strongly connected parts of 2+ locks
  size_t PartsCutToCycles = 0; // parts too big to draw whole: only their cycle edges drawn
};

GraphDrawing selectForDrawing(const std::vector<LockEdge> &Graph, const DrawLimits &Limits = {});

} // namespace lockgraph
