// cond-wait-no-loop: a condition wait whose return is not followed by a re-test of the
// predicate before the code acts on it. Wake-ups can be spurious, and a woken thread
// can find the state consumed by another one before it gets the mutex back.
//
// Judged on each function's control-flow graph: walking forward from the wait, a block
// that branches back to the wait is the re-test (a `while`, `do`/`while` or `for(;;)`
// condition, an `if (...) break;`, a `goto retry`). Reaching a use of shared data or a
// call first is the bug; the `if` of `for (;;) { if (empty) wait; pop(); }` comes back
// only after pop(). A wait followed by nothing but unlocking and returning leaves the
// re-test to the caller (a wrapper): its calls are judged the same way, as waits.
#include "Check.h"
#include "TimeoutStatus.h"

#include "lockgraph/Fingerprint.h"

#include "llvm/ADT/BitVector.h"

#include <map>
#include <set>
#include <optional>

namespace lockgraph {

namespace {

struct WaitSite {
  uint32_t Block = 0, Index = 0;
};

// What follows a wait up to the first re-test: a use of the condition (the bug), or
// the function's return with nothing done (a wrapper), or only re-tests (a loop).
struct AfterWait {
  std::optional<ProgramSite> Use;
  bool Returns = false;
};

class WaitLoops {
public:
  WaitLoops(const CheckContext &C) : C(C), Wrapper(C.P.functions().size()) {
    findCallsInLoops();
  }

  // The wrapper fixpoint: a wrapper's un-looped call makes its caller a wrapper too.
  void findWrappers() {
    const auto &Fns = C.P.functions();
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn) {
        if (Wrapper[Fn])
          continue;
        forEachWait(Fn, [&](WaitSite W, const Event &) {
          if (AfterWait A = afterWait(Fn, W); !Wrapper[Fn] && !A.Use && A.Returns) {
            Wrapper[Fn] = true;
            const Event &E = C.P.functions()[Fn].Facts->Blocks[W.Block].Events[W.Index];
            WrapperWait[Fn] = {C.P.functions()[Fn].site(E.At),
                               E.Kind == EventKind::Wait
                                   ? "'" + E.CalleeName + "'"
                                   : "the wait in '" + E.CalleeName + "'"};
            Changed = true;
          }
        });
      }
    }
  }

  // A wait that acts unchecked is reported where it is. A wrapper's calls that act
  // unchecked are reported at the calls when some other call of it loops (those
  // callers forgot to); when none does, the wrapper's own wait lacks the loop, and it
  // is reported once, there, with the calls as notes.
  void report(CheckContext &Ctx) {
    const auto &Fns = C.P.functions();
    struct WrapperUse {
      std::vector<std::pair<ProgramSite, ProgramSite>> Acting; // call, use after it
      std::vector<uint32_t> ActingIn;
      bool SomeCallLoops = false;
    };
    std::map<uint32_t, WrapperUse> Uses;
    for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn)
      forEachWait(Fn, [&](WaitSite W, const Event &E) {
        std::optional<ProgramSite> Use = afterWait(Fn, W).Use;
        ProgramSite At = Fns[Fn].site(E.At);
        if (E.Kind == EventKind::Call) {
          WrapperUse &U = Uses[C.P.function(E.Callee) - Fns.data()];
          if (Use) {
            U.Acting.push_back({At, *Use});
            U.ActingIn.push_back(Fn);
          } else {
            U.SomeCallLoops = true;
          }
          return;
        }
        if (Use)
          emit(Ctx, Fn, At, "'" + E.CalleeName + "'", {{*Use, ActsHere}});
      });
    for (const auto &[Wrapper, U] : Uses) {
      if (U.Acting.empty())
        continue;
      if (U.SomeCallLoops) {
        for (size_t I = 0; I < U.Acting.size(); ++I)
          emit(Ctx, U.ActingIn[I], U.Acting[I].first,
               "the wait in '" + Fns[Wrapper].Facts->Name + "'",
               {{U.Acting[I].second, ActsHere}});
        continue;
      }
      const auto &[Site, Name] = WrapperWait[Wrapper];
      std::vector<std::pair<ProgramSite, std::string>> Notes;
      for (size_t I = 0; I < U.Acting.size() && I < 3; ++I)
        Notes.push_back({U.Acting[I].first, "returns here, and the caller acts on the "
                                            "condition without testing it again"});
      emit(Ctx, Wrapper, Site, Name, Notes);
    }
  }

private:
  static constexpr const char *ActsHere = "acts on the condition here, without testing it again";

  void emit(CheckContext &Ctx, uint32_t Fn, ProgramSite At, const std::string &What,
            const std::vector<std::pair<ProgramSite, std::string>> &Notes) {
    const FunctionFacts &Facts = *C.P.functions()[Fn].Facts;
    Finding F;
    F.RuleId = "cond-wait-no-loop";
    F.Function = Facts.Name;
    F.Message = What + " is not re-checked in a loop: after a spurious or stolen "
                "wake-up the code below runs with the condition still false";
    for (const auto &[Site, Text] : Notes)
      F.Notes.push_back({Ctx.location(Site), Text});
    F.Fingerprint = computeFingerprint(F.RuleId, {Facts.Usr, What});
    Ctx.report(std::move(F), At);
  }

  // Waits without a predicate of their own, and calls of wrappers, outside any loop
  // that re-tests them.
  template <typename Fn_> void forEachWait(uint32_t Fn, Fn_ Visit) {
    const FunctionFacts &F = *C.P.functions()[Fn].Facts;
    for (uint32_t B = 0; B < F.Blocks.size(); ++B)
      for (uint32_t I = 0; I < F.Blocks[B].Events.size(); ++I) {
        const Event &E = F.Blocks[B].Events[I];
        bool IsWait = E.Kind == EventKind::Wait && !E.Value;
        if (E.Kind == EventKind::Call && !E.Callee.empty())
          if (const ProgramFunction *Callee = C.P.function(E.Callee))
            IsWait = Wrapper[Callee - C.P.functions().data()];
        if (IsWait && !timeoutOnly(F, E))
          Visit(WaitSite{B, I}, E);
      }
  }

  // A call of a timed wait's wrapper whose result no branch tests cannot tell a
  // wake-up from a time-out: a spurious wake-up is an early time-out, which the code
  // handles anyway (apr's tests wait for the time-out on purpose). The extractor marks
  // such direct waits itself (Event::Value), also when the status is tested only for
  // errors.
  static bool timeoutOnly(const FunctionFacts &F, const Event &E) {
    if (E.Kind != EventKind::Call || !isTimedWaitName(E.CalleeName))
      return false;
    for (const BlockFacts &BF : F.Blocks)
      for (const Successor &S : BF.Succs)
        if (!E.Var.empty() && S.Cond == E.Var)
          return false;
    return true;
  }

  // The first use of shared data or call after the wait that no re-test precedes.
  AfterWait afterWait(uint32_t Fn, WaitSite W) {
    const ProgramFunction &PF = C.P.functions()[Fn];
    const FunctionFacts &F = *PF.Facts;
    size_t N = F.Blocks.size();
    // Blocks from which the wait is reached again.
    std::vector<std::vector<uint32_t>> Preds(N);
    for (uint32_t B = 0; B < N; ++B)
      for (const Successor &S : F.Blocks[B].Succs)
        Preds[S.Block].push_back(B);
    llvm::BitVector ReachesWait(N);
    {
      std::vector<uint32_t> Stack{W.Block};
      while (!Stack.empty()) {
        uint32_t B = Stack.back();
        Stack.pop_back();
        for (uint32_t P : Preds[B])
          if (!ReachesWait.test(P)) {
            ReachesWait.set(P);
            Stack.push_back(P);
          }
      }
    }
    auto Retests = [&](uint32_t B) { return F.Blocks[B].Succs.size() >= 2 && ReachesWait.test(B); };
    // A use of shared data, or a call of the program's own code (not a library's
    // logging, not a noreturn error exit declared elsewhere). Reading again what the
    // branch before the wait tested hands the state back (`val = pending[t]; if (val)
    // wait; val = pending[t]; return val;`, bioWaitStepOfType): the caller re-tests it,
    // as with a wrapper.
    std::set<std::string> Tested = testedBefore(F, Preds, W.Block);
    // Inside a loop every way out passes a re-test; what runs before it acts on the
    // condition only when it changes what was tested or calls code whose result is
    // not re-tested. Bookkeeping (libuv's `idle_threads -= 1`) and recomputing the
    // tested value (zstd's `job = find_completed(ctx)` under `while (!job ...)`) are not.
    // A function every caller calls inside a loop returns into that loop: its body is
    // judged as a loop body (rsyslog's idle processing, called from the worker's
    // `while (1)`).
    bool InLoop = ReachesWait.test(W.Block) || OnlyCalledInLoops[Fn];
    auto IsAction = [&](const Event &E) {
      if (E.Kind == EventKind::Access)
        return InLoop ? E.Access != AccessKind::Read && Tested.count(E.Location.Path)
                      : E.Access != AccessKind::Read || !Tested.count(E.Location.Path);
      if (E.Kind == EventKind::Call && InLoop && !E.Var.empty())
        return false;
      // Inside the loop a call acts on the condition only when it may change what the
      // loop tests (`handle(pop())`); periodic work between the wait and the re-test
      // (fio's pruning, knot's recount) does not.
      if (E.Kind == EventKind::Call && InLoop)
        return !E.Callee.empty() && mayWrite(E.Callee, Tested);
      return E.Kind == EventKind::Block ||
             (E.Kind == EventKind::Call && (E.Callee.empty() || C.P.function(E.Callee)));
    };
    const Event &Wait = F.Blocks[W.Block].Events[W.Index];
    // The branch where the wait itself failed (an error, a timeout): giving up is no use
    // of the condition.
    auto Failed = [&](const Successor &S) {
      return Wait.TryId >= 0 && S.TryId == Wait.TryId && !S.TrySucceeded;
    };
    AfterWait Out;
    if (Retests(W.Block))
      return Out; // the rest of the wait's own block is the loop's test
    for (size_t I = W.Index + 1; I < F.Blocks[W.Block].Events.size(); ++I)
      if (IsAction(F.Blocks[W.Block].Events[I])) {
        Out.Use = PF.site(F.Blocks[W.Block].Events[I].At);
        return Out;
      }
    Out.Returns = F.Blocks[W.Block].ReachesExit;
    llvm::BitVector Seen(N);
    std::vector<uint32_t> Work;
    for (const Successor &S : F.Blocks[W.Block].Succs)
      if (!Failed(S))
        Work.push_back(S.Block);
    std::optional<ProgramSite> &First = Out.Use;
    while (!Work.empty()) {
      uint32_t B = Work.back();
      Work.pop_back();
      if (Seen.test(B) || Retests(B))
        continue;
      Seen.set(B);
      const BlockFacts &BF = F.Blocks[B];
      bool Acted = false;
      for (const Event &E : BF.Events)
        if (IsAction(E)) {
          ProgramSite S = PF.site(E.At);
          if (!First || S < *First)
            First = S;
          Acted = true;
          break;
        }
      if (Acted)
        continue;
      Out.Returns |= BF.ReachesExit;
      for (const Successor &S : BF.Succs)
        if (!Failed(S))
          Work.push_back(S.Block);
    }
    return Out;
  }

  // Whether the function, or what it calls (a few levels down), writes one of the
  // locations, named by path or by record and field.
  bool mayWrite(const std::string &Usr, const std::set<std::string> &Locations) const {
    std::set<std::string> Seen;
    return mayWrite(Usr, Locations, 0, Seen);
  }
  bool mayWrite(const std::string &Usr, const std::set<std::string> &Locations, unsigned Depth,
                std::set<std::string> &Seen) const {
    const ProgramFunction *F = C.P.function(Usr);
    if (!F || Depth > 4 || !Seen.insert(Usr).second)
      return false;
    for (const BlockFacts &B : F->Facts->Blocks)
      for (const Event &E : B.Events) {
        if (E.Kind == EventKind::Access && E.Access != AccessKind::Read &&
            (Locations.count(E.Location.Path) ||
             (!E.Location.Fallback.empty() && Locations.count(E.Location.Fallback))))
          return true;
        if (E.Kind == EventKind::Call && !E.Callee.empty() &&
            mayWrite(E.Callee, Locations, Depth + 1, Seen))
          return true;
      }
    return false;
  }

  // The locations read by the branches that lead to the wait: up from its block
  // through single-successor blocks to the first block that branches.
  static std::set<std::string> testedBefore(const FunctionFacts &F,
                                            const std::vector<std::vector<uint32_t>> &Preds,
                                            uint32_t WaitBlock) {
    std::set<std::string> Out;
    std::set<uint32_t> Seen;
    std::vector<uint32_t> Work(Preds[WaitBlock].begin(), Preds[WaitBlock].end());
    while (!Work.empty()) {
      uint32_t B = Work.back();
      Work.pop_back();
      if (!Seen.insert(B).second)
        continue;
      for (const Event &E : F.Blocks[B].Events)
        if (E.Kind == EventKind::Access && E.Access == AccessKind::Read) {
          Out.insert(E.Location.Path);
          if (!E.Location.Fallback.empty())
            Out.insert(E.Location.Fallback);
        }
      if (F.Blocks[B].Succs.size() < 2)
        Work.insert(Work.end(), Preds[B].begin(), Preds[B].end());
    }
    return Out;
  }

  void findCallsInLoops() {
    const auto &Fns = C.P.functions();
    std::vector<unsigned> Calls(Fns.size()), InLoops(Fns.size());
    for (const ProgramFunction &F : Fns) {
      std::vector<bool> Loop = blocksInLoops(*F.Facts);
      for (uint32_t B = 0; B < F.Facts->Blocks.size(); ++B)
        for (const Event &E : F.Facts->Blocks[B].Events)
          if (E.Kind == EventKind::Call && !E.Callee.empty())
            if (const ProgramFunction *Callee = C.P.function(E.Callee)) {
              ++Calls[Callee - Fns.data()];
              InLoops[Callee - Fns.data()] += Loop[B];
            }
    }
    OnlyCalledInLoops.assign(Fns.size(), false);
    for (uint32_t F = 0; F < Fns.size(); ++F)
      OnlyCalledInLoops[F] = Calls[F] > 0 && InLoops[F] == Calls[F] &&
                             C.P.onlyCalledDirectly(Fns[F].Facts->Usr);
  }

  const CheckContext &C;
  std::vector<bool> OnlyCalledInLoops;
  std::vector<bool> Wrapper;
  std::map<uint32_t, std::pair<ProgramSite, std::string>> WrapperWait; // its un-looped wait
};

} // namespace

void checkCondWaitNoLoop(CheckContext &C) {
  WaitLoops Loops(C);
  Loops.findWrappers();
  Loops.report(C);
}

} // namespace lockgraph
