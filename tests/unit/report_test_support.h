// A hand-built Report shared by the writer tests: a two-lock cycle with notes, flows
// and edges, a double lock in a file outside BaseDir, and a lock-order graph with a
// lock name that needs escaping.
#pragma once

#include "lockgraph/Finding.h"
#include "lockgraph/Fingerprint.h"
#include "lockgraph/RuleCatalog.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

namespace lockgraph {
namespace testing {

inline SourceLocation loc(std::string File, unsigned Line, unsigned Column = 0) {
  SourceLocation L;
  L.File = std::move(File);
  L.Line = Line;
  L.Column = Column;
  return L;
}

inline LockEdge edge(std::string From, std::string To, SourceLocation Site,
                     SourceLocation Held, std::string Function, bool InCycle,
                     bool MayOnly = false) {
  LockEdge E;
  E.From = std::move(From);
  E.To = std::move(To);
  E.Site = std::move(Site);
  E.HeldSite = std::move(Held);
  E.Function = std::move(Function);
  E.InCycle = InCycle;
  E.MayOnly = MayOnly;
  return E;
}

inline Report sampleReport() {
  Report R;
  R.ToolVersion = "0.1.0";
  R.BaseDir = "/src/proj";
  R.TranslationUnits = 3;
  R.Analyzed = 2;
  R.Errors = {"src/broken.c: cannot parse: expected ';'"};

  LockEdge AB = edge("g_a", "g_b", loc("/src/proj/src/a.c", 10, 5),
                     loc("/src/proj/src/a.c", 9, 5), "transfer", true);
  AB.CallChain = {"transfer (src/a.c:10)"};
  LockEdge BA = edge("g_b", "g_a", loc("/src/proj/src/my file.c", 21, 3),
                     loc("/src/proj/src/my file.c", 20, 3), "refund", true);
  BA.CallChain = {"refund (src/my file.c:21)", "take_a (src/my file.c:5)"};

  Finding Cycle;
  Cycle.RuleId = "lock-order-inversion";
  Cycle.Level = Severity::Error;
  Cycle.Message = "lock-order inversion between 'g_a' and 'g_b': 'transfer' takes 'g_b' "
                  "while holding 'g_a', 'refund' takes 'g_a' while holding 'g_b'";
  Cycle.Primary = loc("/src/proj/src/a.c", 10, 5);
  Cycle.Function = "transfer";
  Cycle.Notes = {
      {loc("/src/proj/src/a.c", 9, 5), "'g_a' acquired here in 'transfer'"},
      {loc("/src/proj/src/my file.c", 21, 3), "'g_a' acquired here while holding 'g_b'"},
      {SourceLocation(), "the cycle is g_a -> g_b -> g_a"},
  };
  Cycle.Flows = {
      {{loc("/src/proj/src/a.c", 9, 5), "'g_a' acquired", "transfer"},
       {loc("/src/proj/src/a.c", 10, 5), "'g_b' acquired while holding 'g_a'", "transfer"}},
      {{loc("/src/proj/src/my file.c", 20, 3), "'g_b' acquired", "refund"},
       {loc("/src/proj/src/my file.c", 21, 3), "call to 'take_a'", "refund"},
       {loc("/src/proj/src/my file.c", 5, 0), "'g_a' acquired while holding 'g_b'",
        "take_a"}},
  };
  Cycle.Locks = {"g_a", "g_b"};
  Cycle.Edges = {AB, BA};
  Cycle.Fingerprint = computeFingerprint(Cycle.RuleId, {"g_a", "g_b"});
  Cycle.Origin = "static";
  Cycle.Count = 1;

  Finding Double;
  Double.RuleId = "double-lock";
  Double.Level = Severity::Error;
  Double.Message = "'q_lock' is locked again while already held";
  Double.Primary = loc("/opt/vendor lib/q.c", 42, 7);
  Double.Function = "q_push";
  Double.Notes = {{loc("/opt/vendor lib/q.c", 40, 3), "'q_lock' first acquired here"}};
  Double.Locks = {"q_lock"};
  Double.Fingerprint = computeFingerprint(Double.RuleId, {"q_lock", "c:@F@q_push"});
  Double.Origin = "static+runtime";
  Double.Count = 4;

  R.Findings = {Cycle, Double};
  R.Graph = {AB, BA,
             edge("cfg[\"x\"]", "back\\slash", loc("/src/proj/src/c.c", 7, 1),
                  loc("/src/proj/src/c.c", 6, 1), "load \"cfg\"", false,
                  /*MayOnly=*/true),
             edge("g_a", "cfg[\"x\"]", SourceLocation(), SourceLocation(), "", false)};
  return R;
}

inline RuleCatalog sourceCatalog() {
  llvm::Expected<RuleCatalog> Catalog =
      RuleCatalog::loadFromDirectory(LOCKGRAPH_TEST_SOURCE_DIR "/rules");
  if (!Catalog) {
    ADD_FAILURE() << llvm::toString(Catalog.takeError());
    return RuleCatalog();
  }
  return std::move(*Catalog);
}

template <typename WriteFn>
std::string render(WriteFn Write, const Report &R, const RuleCatalog &Rules) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  Write(OS, R, Rules);
  OS.flush();
  return Out;
}

} // namespace testing
} // namespace lockgraph
