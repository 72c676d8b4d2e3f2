#include "ThreadRoots.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>

namespace lockgraph {

namespace {

struct CallSite {
  int Callee = -1;  // -1: not defined in the program
  bool Many = false; // in a loop of its function, or a pool start
  bool Start = false;
  ProgramSite At;
};

// Blocks on a cycle of the function's CFG: code that can run more than once per call.
std::vector<bool> blocksInLoops(const FunctionFacts &F) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph G(F.Blocks.size());
  std::vector<bool> SelfLoop(F.Blocks.size());
  for (uint32_t B = 0; B < F.Blocks.size(); ++B)
    for (const Successor &S : F.Blocks[B].Succs) {
      boost::add_edge(B, S.Block, G);
      if (S.Block == B)
        SelfLoop[B] = true;
    }
  std::vector<size_t> Component(F.Blocks.size());
  if (F.Blocks.empty())
    return {};
  boost::strong_components(G, Component.data());
  std::vector<unsigned> Size(F.Blocks.size());
  for (size_t C : Component)
    ++Size[C];
  std::vector<bool> Out(F.Blocks.size());
  for (uint32_t B = 0; B < F.Blocks.size(); ++B)
    Out[B] = SelfLoop[B] || Size[Component[B]] > 1;
  return Out;
}

} // namespace

ThreadRoots::ThreadRoots(const Program &P) {
  const auto &Fns = P.functions();
  size_t N = Fns.size();
  std::vector<std::vector<CallSite>> Sites(N);
  std::vector<bool> StartTarget(N);
  for (uint32_t F = 0; F < N; ++F) {
    const FunctionFacts &Facts = *Fns[F].Facts;
    std::vector<bool> Loop = blocksInLoops(Facts);
    for (uint32_t B = 0; B < Facts.Blocks.size(); ++B)
      for (const Event &E : Facts.Blocks[B].Events) {
        if (E.Kind != EventKind::Call && E.Kind != EventKind::ThreadStart)
          continue;
        CallSite S;
        const ProgramFunction *Callee = E.Callee.empty() ? nullptr : P.function(E.Callee);
        S.Callee = Callee ? int(Callee - Fns.data()) : -1;
        S.Start = E.Kind == EventKind::ThreadStart;
        S.Many = Loop[B] || (S.Start && E.Value);
        S.At = Fns[F].site(E.At);
        if (S.Start && S.Callee >= 0)
          StartTarget[S.Callee] = true;
        if (S.Callee >= 0 || S.Start)
          Sites[F].push_back(S);
      }
    if (Facts.Name == "main" && MainRoot < 0) {
      MainRoot = 0;
      ThreadRoot R;
      R.Function = F;
      R.Main = true;
      Roots.push_back(R);
    }
  }

  // Functions entered from code we cannot see, and everything they call.
  Unknown.assign(N, false);
  std::vector<uint32_t> Work;
  for (uint32_t F = 0; F < N; ++F)
    if (!(MainRoot >= 0 && Roots[0].Function == F) && !StartTarget[F] &&
        !P.onlyCalledDirectly(Fns[F].Facts->Usr)) {
      Unknown[F] = true;
      Work.push_back(F);
    }
  while (!Work.empty()) {
    uint32_t F = Work.back();
    Work.pop_back();
    for (const CallSite &S : Sites[F])
      if (!S.Start && S.Callee >= 0 && !Unknown[S.Callee]) {
        Unknown[S.Callee] = true;
        Work.push_back(S.Callee);
      }
  }

  // Functions that run at most once in the whole run: main, and whatever a once
  // function calls or starts exactly once outside a loop. A greatest fixpoint.
  std::vector<unsigned> Entries(N);
  std::vector<int> OnlyCaller(N, -1);
  for (uint32_t F = 0; F < N; ++F)
    for (const CallSite &S : Sites[F])
      if (S.Callee >= 0) {
        Entries[S.Callee] += S.Many ? 2 : 1;
        OnlyCaller[S.Callee] = F;
      }
  std::vector<bool> Once(N);
  for (uint32_t F = 0; F < N; ++F)
    Once[F] = !Unknown[F] && (MainRoot >= 0 && Roots[0].Function == F
                                  ? Entries[F] == 0
                                  : Entries[F] == 1);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (uint32_t F = 0; F < N; ++F)
      if (Once[F] && OnlyCaller[F] >= 0 && !Once[OnlyCaller[F]]) {
        Once[F] = false;
        Changed = true;
      }
  }

  for (uint32_t F = 0; F < N; ++F)
    for (const CallSite &S : Sites[F])
      if (S.Start && S.Callee >= 0 &&
          std::none_of(Roots.begin(), Roots.end(), [&](const ThreadRoot &R) {
            return !R.Main && R.Function == (uint32_t)S.Callee;
          })) {
        ThreadRoot R;
        R.Function = S.Callee;
        R.Many = !Once[S.Callee];
        R.Start = S.At;
        R.StartFunction = F;
        Roots.push_back(R);
      }

  Reach.assign(N, {});
  for (uint32_t R = 0; R < Roots.size(); ++R) {
    std::vector<bool> Seen(N);
    Work = {Roots[R].Function};
    Seen[Roots[R].Function] = true;
    while (!Work.empty()) {
      uint32_t F = Work.back();
      Work.pop_back();
      Reach[F].push_back(R);
      for (const CallSite &S : Sites[F])
        if (!S.Start && S.Callee >= 0 && !Seen[S.Callee]) {
          Seen[S.Callee] = true;
          Work.push_back(S.Callee);
        }
    }
  }
}

std::vector<uint32_t> ThreadRoots::rootsOf(const AccessObservation &A) const {
  std::vector<uint32_t> Out = Reach[A.Function];
  if (A.BeforeThreads)
    llvm::erase_if(Out, [&](uint32_t R) { return Roots[R].Main; });
  return Out;
}

bool ThreadRoots::knownParallel(const AccessObservation &A, const AccessObservation &B,
                                const ThreadRoot **R1, const ThreadRoot **R2) const {
  for (uint32_t X : rootsOf(A))
    for (uint32_t Y : rootsOf(B))
      if (X != Y || Roots[X].Many) {
        if (R1)
          *R1 = &Roots[X];
        if (R2)
          *R2 = &Roots[Y];
        return true;
      }
  return false;
}

bool ThreadRoots::singleThreaded(const std::vector<const AccessObservation *> &Accesses) const {
  std::vector<uint32_t> All;
  for (const AccessObservation *A : Accesses) {
    if (Unknown[A->Function])
      return false;
    for (uint32_t R : rootsOf(*A))
      All.push_back(R);
  }
  llvm::sort(All);
  All.erase(std::unique(All.begin(), All.end()), All.end());
  return All.empty() || (All.size() == 1 && !Roots[All[0]].Many);
}

} // namespace lockgraph
