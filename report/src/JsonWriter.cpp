// The lockgraph JSON report (docs/json-format.md). Built as llvm::json values, so
// escaping is LLVM's; keys of each object come out sorted, which keeps output stable.
#include "lockgraph/Writers.h"

#include "WriterSupport.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

namespace lockgraph {
namespace {

constexpr int FormatVersion = 1;

// Adds <Prefix>file / line / column (e.g. "heldFile"), leaving out the unknown parts.
void addLocation(llvm::json::Object &O, const SourceLocation &Loc,
                 const std::string &BaseDir, llvm::StringRef Prefix = "") {
  auto Key = [&](llvm::StringRef Name) -> std::string {
    if (Prefix.empty())
      return Name.str();
    return (Prefix + Name.substr(0, 1).upper() + Name.substr(1)).str();
  };
  if (!Loc.File.empty())
    O[Key("file")] = displayPath(Loc.File, BaseDir);
  if (Loc.Line != 0)
    O[Key("line")] = Loc.Line;
  if (Loc.Column != 0)
    O[Key("column")] = Loc.Column;
}

llvm::json::Array strings(const std::vector<std::string> &V) {
  return llvm::json::Array(V);
}

llvm::json::Object edgeJson(const LockEdge &E, const std::string &BaseDir,
                            bool WithCycleFlag) {
  llvm::json::Object O{{"from", E.From},
                       {"to", E.To},
                       {"callChain", strings(E.CallChain)},
                       {"mayOnly", E.MayOnly}};
  addLocation(O, E.Site, BaseDir);
  addLocation(O, E.HeldSite, BaseDir, "held");
  if (!E.Function.empty())
    O["function"] = E.Function;
  if (WithCycleFlag)
    O["inCycle"] = E.InCycle;
  return O;
}

llvm::json::Object findingJson(const Finding &F, const std::string &BaseDir) {
  llvm::json::Object O{{"rule", F.RuleId},
                       {"ruleId", qualifiedRuleId(F.RuleId)},
                       {"severity", severityName(F.Level)},
                       {"message", F.Message},
                       {"locks", strings(F.Locks)},
                       {"origin", F.Origin},
                       {"detectors", detail::detectors(F)},
                       {"count", F.Count}};
  llvm::json::Object Loc;
  addLocation(Loc, F.Primary, BaseDir);
  if (!Loc.empty())
    O["location"] = std::move(Loc);
  if (!F.Function.empty())
    O["function"] = F.Function;
  if (!F.Fingerprint.empty())
    O["fingerprint"] = F.Fingerprint;

  llvm::json::Array Notes;
  for (const RelatedLocation &N : F.Notes) {
    llvm::json::Object Note{{"message", N.Message}};
    addLocation(Note, N.Loc, BaseDir);
    Notes.push_back(std::move(Note));
  }
  O["notes"] = std::move(Notes);

  llvm::json::Array Edges;
  for (const LockEdge &E : F.Edges)
    Edges.push_back(edgeJson(E, BaseDir, /*WithCycleFlag=*/false));
  O["edges"] = std::move(Edges);

  llvm::json::Array Flows;
  for (const Flow &Fl : F.Flows) {
    llvm::json::Array Steps;
    for (const FlowStep &S : Fl) {
      llvm::json::Object Step{{"message", S.Message}};
      addLocation(Step, S.Loc, BaseDir);
      if (!S.Function.empty())
        Step["function"] = S.Function;
      Steps.push_back(std::move(Step));
    }
    Flows.push_back(std::move(Steps));
  }
  O["flows"] = std::move(Flows);
  if (F.ConfirmedAtRuntime)
    O["confirmedAtRuntime"] = true;
  return O;
}

} // namespace

void writeJson(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &) {
  detail::SeverityCounts C = detail::countSeverities(R);
  llvm::json::Object Summary{
      {"translationUnits", R.TranslationUnits},
      {"analyzed", R.Analyzed},
      {"findings", R.Findings.size()},
      {"bySeverity",
       llvm::json::Object{{"error", C.Errors}, {"warning", C.Warnings}, {"note", C.Notes}}},
      {"errors", strings(R.Errors)},
      {"notes", strings(R.Notices)}};

  llvm::json::Array Findings;
  for (const Finding &F : R.Findings)
    Findings.push_back(findingJson(F, R.BaseDir));

  // Streamed, keys in sorted order as llvm::json prints an Object: the graph of a
  // thread holding 1,000 locks has 500,000 edges, too many to build as one value.
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    if (R.HasLockStats)
      J.attribute("contention", detail::contentionTableJson(R));
    if (R.Coverage.Joined)
      J.attributeObject("coverage", [&] {
        J.attribute("exercised", R.Coverage.Exercised);
        J.attribute("staticEdges", R.Coverage.StaticEdges);
        J.attributeArray("unexercised", [&] {
          for (const LockEdge &E : R.Coverage.Unexercised)
            J.value(edgeJson(E, R.BaseDir, /*WithCycleFlag=*/false));
        });
      });
    J.attribute("findings", std::move(Findings));
    J.attribute("format", "lockgraph-report");
    J.attribute("formatVersion", FormatVersion);
    J.attributeArray("graph", [&] {
      for (const LockEdge &E : R.Graph)
        J.value(edgeJson(E, R.BaseDir, /*WithCycleFlag=*/true));
    });
    J.attribute("summary", std::move(Summary));
    J.attribute("tool", "lockgraph");
    J.attribute("version", R.ToolVersion);
  });
  OS << "\n";
}

} // namespace lockgraph
