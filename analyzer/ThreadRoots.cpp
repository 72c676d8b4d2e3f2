#include "ThreadRoots.h"

#include <algorithm>

namespace lockgraph {

ThreadRoots::ThreadRoots(const Program &P, const std::set<const Event *> &Before) {
  collectSites(P, Before);
  findUnknown(P);
  makeThreadRoots();
  computeReach();
  computeManyAndPrograms();
  computeOrders(P);
}

namespace {

// Merges a sorted set into another; whether it grew.
bool mergeSorted(std::vector<uint32_t> &Into, const std::vector<uint32_t> &From) {
  size_t Before = Into.size();
  Into = sortedUnion(std::move(Into), From);
  return Into.size() != Before;
}

} // namespace

// Calls and thread starts per function, and the mains. Each start is resolved: a
// start wrapper's parameter at each call of the wrapper, a trampoline's argument
// instead of the trampoline. A start whose function stays unknown still starts a
// thread (it counts for main's start-up split, LinkAnalysis).
void ThreadRoots::collectSites(const Program &P, const std::set<const Event *> &Before) {
  const auto &Fns = P.functions();
  size_t N = Fns.size();
  Sites.assign(N, {});
  StartTarget.assign(N, false);
  // Trampolines: a thread routine that calls its parameter 0 (the thread's argument)
  // as a function, `((void (*)(void))arg)()`: the thread runs that argument.
  std::vector<bool> Trampoline(N);
  struct Raw {
    uint32_t Function;
    const Event *E;
    bool InLoop;
  };
  std::vector<Raw> Starts;
  std::map<int, std::vector<Raw>> CallsPassingFunctions; // by callee
  auto IndexOf = [&](const std::string &Usr) {
    const ProgramFunction *Fn = Usr.empty() ? nullptr : P.function(Usr);
    return Fn ? int(Fn - Fns.data()) : -1;
  };
  for (uint32_t F = 0; F < N; ++F) {
    const FunctionFacts &Facts = *Fns[F].Facts;
    std::vector<bool> Loop = blocksInLoops(Facts);
    for (uint32_t B = 0; B < Facts.Blocks.size(); ++B)
      for (const Event &E : Facts.Blocks[B].Events) {
        if (E.Kind == EventKind::ThreadStart)
          Starts.push_back({F, &E, Loop[B]});
        if (E.Kind != EventKind::Call)
          continue;
        if (E.Callee.empty() && E.Param == 0)
          Trampoline[F] = true;
        if (!E.FunctionArgs.empty())
          CallsPassingFunctions[IndexOf(E.Callee)].push_back({F, &E, Loop[B]});
        if (int Callee = IndexOf(E.Callee); Callee >= 0)
          Sites[F].push_back({Callee, Loop[B], false, Fns[F].site(E.At), Before.count(&E) > 0});
        for (uint32_t Target : P.indirectTargets(E)) // `mod->eval()`
          Sites[F].push_back({(int)Target, Loop[B], false, Fns[F].site(E.At), Before.count(&E) > 0});
      }
    if (Facts.Name == "main") {
      ThreadRoot R;
      R.Function = F;
      R.Main = true;
      R.Programs = {(uint32_t)Roots.size()};
      Roots.push_back(R);
    }
  }
  auto AddStart = [&](uint32_t In, int Target, bool Many, const ProgramSite &At) {
    if (Target < 0)
      return;
    Sites[In].push_back({Target, Many, true, At});
    StartTarget[Target] = true;
  };
  for (const Raw &S : Starts) {
    const Event &E = *S.E;
    bool Many = S.InLoop || E.Value;
    int Routine = IndexOf(E.Callee);
    bool ViaData = Routine >= 0 && Trampoline[Routine];
    int Param = ViaData ? E.DataParam : E.Param;
    if (Param < 0) {
      AddStart(S.Function, ViaData ? IndexOf(E.DataCallee) : Routine, Many,
               Fns[S.Function].site(E.At));
      continue;
    }
    for (const Raw &C : CallsPassingFunctions[(int)S.Function])
      if ((size_t)Param < C.E->FunctionArgs.size())
        AddStart(C.Function, IndexOf(C.E->FunctionArgs[Param]), Many || C.InLoop,
                 Fns[C.Function].site(C.E->At));
  }
}

// Functions entered from code we cannot see, and everything they call.
void ThreadRoots::findUnknown(const Program &P) {
  const auto &Fns = P.functions();
  size_t N = Fns.size();
  std::vector<bool> IsMain(N);
  for (const ThreadRoot &R : Roots)
    IsMain[R.Function] = true;
  Unknown.assign(N, false);
  std::vector<uint32_t> Work;
  for (uint32_t F = 0; F < N; ++F)
    if (!IsMain[F] && !StartTarget[F] &&
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

}

// One thread per root, unless a start runs in a loop or hands the routine to a pool,
// or two places start it. A function that starts a thread and is called twice most
// often runs twice in sequence (a restart after a join): not counted as concurrent.
void ThreadRoots::makeThreadRoots() {
  RootOf.assign(Sites.size(), -1);
  for (uint32_t F = 0; F < Sites.size(); ++F)
    for (const CallSite &S : Sites[F]) {
      if (!S.Start)
        continue;
      if (RootOf[S.Callee] >= 0) {
        Roots[RootOf[S.Callee]].Many = true; // a second place starts it
        continue;
      }
      ThreadRoot R;
      R.Function = S.Callee;
      R.Many = S.Many;
      R.Start = S.At;
      R.StartFunction = F;
      RootOf[S.Callee] = Roots.size();
      Roots.push_back(R);
    }
}

void ThreadRoots::computeReach() {
  size_t N = Sites.size();
  std::vector<uint32_t> Work;
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
        if (!S.Start && !S.BeforeThreads && S.Callee >= 0 && !Seen[S.Callee]) {
          Seen[S.Callee] = true;
          Work.push_back(S.Callee);
        }
    }
  }
}

void ThreadRoots::computeManyAndPrograms() {
  // A thread started by a thread that runs several times runs several times too.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (ThreadRoot &R : Roots)
      if (!R.Main && !R.Many)
        for (uint32_t Starter : Reach[R.StartFunction])
          if (Roots[Starter].Many) {
            R.Many = Changed = true;
            break;
          }
  }
  // A thread runs in the programs whose threads reach its start; a root started from
  // code no program reaches (a library) may run in any.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (ThreadRoot &R : Roots) {
      if (R.Main || Unknown[R.StartFunction])
        continue;
      std::vector<uint32_t> Programs;
      for (uint32_t Starter : Reach[R.StartFunction])
        Programs.insert(Programs.end(), Roots[Starter].Programs.begin(),
                        Roots[Starter].Programs.end());
      llvm::sort(Programs);
      Programs.erase(std::unique(Programs.begin(), Programs.end()), Programs.end());
      if (Programs != R.Programs) {
        R.Programs = std::move(Programs);
        Changed = true;
      }
    }
  }

}

// Thread creation orders (Order in the header).
void ThreadRoots::computeOrders(const Program &P) {
  const auto &Fns = P.functions();
  size_t N = Fns.size();
  auto Merge = mergeSorted;
  // The roots started at or below each function (its start sites and its callees').
  std::vector<std::vector<uint32_t>> Below(N);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (uint32_t F = 0; F < N; ++F)
      for (const CallSite &S : Sites[F]) {
        if (S.Callee < 0)
          continue;
        if (S.Start && RootOf[S.Callee] >= 0)
          Changed |= Merge(Below[F], {(uint32_t)RootOf[S.Callee]});
        else if (!S.Start)
          Changed |= Merge(Below[F], Below[S.Callee]);
      }
  }
  Orders.assign(Roots.size(), {});
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (uint32_t R = 0; R < Roots.size(); ++R) {
      std::vector<uint32_t> Desc = Below[Roots[R].Function];
      for (uint32_t D : Below[Roots[R].Function])
        Merge(Desc, Orders[D].Desc);
      Changed |= Merge(Orders[R].Desc, Desc);
    }
  }
  auto Close = [&](std::vector<uint32_t> Set) {
    for (uint32_t D : std::vector<uint32_t>(Set))
      Merge(Set, Orders[D].Desc);
    return Set;
  };
  for (uint32_t R = 0; R < Roots.size(); ++R) {
    Order &O = Orders[R];
    if (Roots[R].Many || O.Desc.empty()) {
      O = Order();
      continue;
    }
    uint32_t F0 = Roots[R].Function;
    const ProgramFunction &PF = Fns[F0];
    const FunctionFacts &Facts = *PF.Facts;
    // What an event of F0 may start: the start sites at its position, and what a
    // callee starts.
    auto StartedBy = [&](const Event &E) {
      std::vector<uint32_t> Out;
      if (E.Kind != EventKind::Call && E.Kind != EventKind::ThreadStart)
        return Out;
      ProgramSite At = PF.site(E.At);
      for (const CallSite &S : Sites[F0])
        if (S.At == At && S.Callee >= 0)
          Merge(Out, S.Start ? (RootOf[S.Callee] >= 0 ? std::vector<uint32_t>{(uint32_t)RootOf[S.Callee]}
                                                      : std::vector<uint32_t>())
                             : Below[S.Callee]);
      return Close(Out);
    };
    size_t NB = Facts.Blocks.size();
    std::vector<std::vector<uint32_t>> In(NB);
    std::vector<std::vector<uint32_t>> Preds(NB);
    for (uint32_t B = 0; B < NB; ++B)
      for (const Successor &S : Facts.Blocks[B].Succs)
        Preds[S.Block].push_back(B);
    std::vector<std::vector<uint32_t>> Out(NB);
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (uint32_t B = 0; B < NB; ++B) {
        std::vector<uint32_t> Cur;
        for (uint32_t Pd : Preds[B])
          Merge(Cur, Out[Pd]);
        In[B] = Cur;
        for (const Event &E : Facts.Blocks[B].Events)
          Merge(Cur, StartedBy(E));
        Changed |= Merge(Out[B], Cur);
      }
    }
    for (uint32_t B = 0; B < NB; ++B) {
      std::vector<uint32_t> Cur = In[B];
      for (const Event &E : Facts.Blocks[B].Events) {
        std::vector<uint32_t> Started = StartedBy(E);
        if (E.Kind == EventKind::Access)
          Merge(O.AtSite[PF.site(E.At)], Cur);
        if (E.Kind == EventKind::Call) {
          std::vector<uint32_t> During = Cur;
          Merge(During, Started);
          ProgramSite At = PF.site(E.At);
          for (const CallSite &S : Sites[F0])
            if (!S.Start && S.At == At && S.Callee >= 0)
              Merge(O.InFunction[S.Callee], During);
        }
        Merge(Cur, Started);
      }
    }
    // Down the calls: a callee may run with whatever its callers may run, and what
    // they start anywhere.
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (auto &[G, Running] : std::map<uint32_t, std::vector<uint32_t>>(O.InFunction)) {
        if (G == F0)
          continue;
        std::vector<uint32_t> Pass = Running;
        Merge(Pass, Close(Below[G]));
        for (const CallSite &S : Sites[G])
          if (!S.Start && S.Callee >= 0 && S.Callee != (int)F0)
            Changed |= Merge(O.InFunction[S.Callee], Pass);
      }
    }
  }
}

bool ThreadRoots::notYetStarted(uint32_t X, uint32_t Y, const AccessObservation &A) const {
  const Order &O = Orders[X];
  if (!std::binary_search(O.Desc.begin(), O.Desc.end(), Y))
    return false;
  const std::vector<uint32_t> *Running = nullptr;
  if (A.Function == Roots[X].Function) {
    auto It = O.AtSite.find(A.Site);
    Running = It == O.AtSite.end() ? nullptr : &It->second;
  } else {
    auto It = O.InFunction.find(A.Function);
    Running = It == O.InFunction.end() ? nullptr : &It->second;
  }
  return Running && !std::binary_search(Running->begin(), Running->end(), Y);
}

bool ThreadRoots::together(const ThreadRoot &X, const ThreadRoot &Y) const {
  if (X.Main && Y.Main)
    return &X == &Y;
  if (X.Programs.empty() || Y.Programs.empty())
    return true;
  for (uint32_t P : X.Programs)
    if (llvm::is_contained(Y.Programs, P))
      return true;
  return false;
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
      if ((X != Y && together(Roots[X], Roots[Y]) && !notYetStarted(X, Y, A) &&
           !notYetStarted(Y, X, B)) ||
          (X == Y && Roots[X].Many)) {
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
  for (uint32_t X : All)
    for (uint32_t Y : All)
      if (X == Y ? Roots[X].Many : together(Roots[X], Roots[Y]))
        return false;
  return true;
}

} // namespace lockgraph
