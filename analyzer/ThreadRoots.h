// Which threads can run each function: the thread roots of the program (main and every
// function a thread-start event names) and, per function, the roots that reach it
// through direct calls. The shared-data rules ask it whether two accesses can run at
// the same time: in two different roots, in one root that runs on several threads at
// once, or in main after a thread started and in that thread. Roots of two different
// programs (a server and its test client in one compile database) never run together.
//
// A function no visible call reaches (a callback handed to a library, an exported
// entry point of a library) runs on threads we cannot see: it is "unknown", which is
// never evidence of a race and never evidence of its absence.
#pragma once

#include "Observations.h"
#include "Program.h"

#include <map>
#include <vector>

namespace lockgraph {

struct ThreadRoot {
  uint32_t Function = 0;
  bool Main = false;       // a program's main: a compile database may hold several

  bool Many = false;       // several threads run it at once (started in a loop, twice, a pool)
  ProgramSite Start;       // the first thread-start naming it (none for main)
  uint32_t StartFunction = 0;
  // The programs (main roots) it can run in; empty when unknown (any program).
  std::vector<uint32_t> Programs;
};

class ThreadRoots {
public:
  // Before: main's start-up events (Observations::BeforeThreads).
  ThreadRoots(const Program &P, const std::set<const Event *> &Before);

  const std::vector<ThreadRoot> &roots() const { return Roots; }
  // Roots (indexes into roots()) whose threads run Function: sorted.
  const std::vector<uint32_t> &reaching(uint32_t Function) const { return Reach[Function]; }
  // Also run from somewhere not visible: a callback or a library entry point.
  bool unknown(uint32_t Function) const { return Unknown[Function]; }

  // The known roots an access runs on: main's only after its first thread start.
  std::vector<uint32_t> rootsOf(const AccessObservation &A) const;
  // Whether two accesses can run at the same time on the known roots: a pair of
  // different roots, or one root that runs on several threads. Unknown callers do
  // not count.
  bool knownParallel(const AccessObservation &A, const AccessObservation &B,
                     const ThreadRoot **R1 = nullptr, const ThreadRoot **R2 = nullptr) const;
  // Whether two accesses may run at the same time: knownParallel, or either runs on
  // threads we cannot see.
  bool mayParallel(const AccessObservation &A, const AccessObservation &B) const {
    return Unknown[A.Function] || Unknown[B.Function] || knownParallel(A, B);
  }
  // Whether all the accesses certainly run one at a time: no unknown callers, and no
  // two of their roots run together (one root started once, or the mains of
  // different programs). Guards are neither needed nor evidence there.
  bool singleThreaded(const std::vector<const AccessObservation *> &Accesses) const;

private:
  // A call or a resolved thread start in a function.
  struct CallSite {
    int Callee = -1;
    bool Many = false;  // in a loop of its function, or a pool start
    bool Start = false; // starts a thread running Callee
    ProgramSite At;
    bool BeforeThreads = false; // made by main's start-up: runs before any thread exists
  };
  // The construction, step by step.
  void collectSites(const Program &P, const std::set<const Event *> &Before);
  void findUnknown(const Program &P);
  void makeThreadRoots();
  void computeReach();
  void computeManyAndPrograms();
  void computeOrders(const Program &P);

  std::vector<std::vector<CallSite>> Sites; // per function
  std::vector<bool> StartTarget;            // per function: some start runs it
  std::vector<int> RootOf;                  // per function: its thread root, or -1
  std::vector<ThreadRoot> Roots;
  std::vector<std::vector<uint32_t>> Reach;
  std::vector<bool> Unknown;
  bool together(const ThreadRoot &X, const ThreadRoot &Y) const;

  // Thread creation orders: what a root does before it starts a thread happens before
  // everything that thread (and the threads it starts) does. Per root started once:
  // Desc, the roots it starts (transitively); Running, at each of its own events (by
  // site) and in each function it calls, the roots of Desc that may already run.
  struct Order {
    std::vector<uint32_t> Desc;
    std::map<ProgramSite, std::vector<uint32_t>> AtSite;
    std::map<uint32_t, std::vector<uint32_t>> InFunction;
  };
  std::vector<Order> Orders; // per root; empty Desc for roots on several threads
  // Whether root Y cannot yet run when A runs on root X: X starts Y only later.
  bool notYetStarted(uint32_t X, uint32_t Y, const AccessObservation &A) const;
};

} // namespace lockgraph
