// Text output, in the form compilers use so editors and CI annotators parse it:
//   file:line:col: severity: message [lockgraph-id]
//   file:line:col: note: message
// a blank line after each finding, then error lines and one summary line.
#include "lockgraph/Writers.h"

#include "WriterSupport.h"

namespace lockgraph {
namespace {

void writeLocationPrefix(llvm::raw_ostream &OS, const SourceLocation &Loc,
                         const std::string &BaseDir) {
  if (!Loc.valid())
    return; // printed as "note: message", like a compiler's location-less note
  OS << displayPath(Loc.File, BaseDir) << ":" << Loc.Line;
  if (Loc.Column != 0)
    OS << ":" << Loc.Column;
  OS << ": ";
}

} // namespace

void writeText(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &) {
  for (const Finding &F : R.Findings) {
    writeLocationPrefix(OS, F.Primary, R.BaseDir);
    OS << severityName(F.Level) << ": " << F.Message << " ["
       << qualifiedRuleId(F.RuleId) << "]\n";
    for (const RelatedLocation &N : F.Notes) {
      writeLocationPrefix(OS, N.Loc, R.BaseDir);
      OS << "note: " << N.Message << "\n";
    }
    OS << "\n";
  }
  detail::writeContentionTable(OS, R);
  if (R.Coverage.Joined) {
    OS << "lockgraph: " << R.Coverage.Exercised << " of " << R.Coverage.StaticEdges
       << " lock orders the static analysis found were taken at run time";
    if (!R.Coverage.Unexercised.empty())
      OS << "; never taken by the runs:";
    OS << "\n";
    for (const LockEdge &E : R.Coverage.Unexercised) {
      OS << "  " << E.To << " while holding " << E.From;
      if (E.Site.valid())
        OS << " at " << displayPath(E.Site.File, R.BaseDir) << ":" << E.Site.Line;
      if (E.HeldSite.valid())
        OS << " (" << E.From << " taken at " << displayPath(E.HeldSite.File, R.BaseDir) << ":"
           << E.HeldSite.Line << ")";
      OS << "\n";
    }
  }
  if (!R.ErrorsShown)
    for (const std::string &E : R.Errors)
      OS << "lockgraph: error: " << E << "\n";
  for (const std::string &N : R.Notices)
    OS << "lockgraph: note: " << N << "\n";

  detail::SeverityCounts C = detail::countSeverities(R);
  OS << "lockgraph: " << R.Findings.size() << " findings (" << C.Errors << " errors, "
     << C.Warnings << " warnings, " << C.Notes << " notes)";
  if (R.TranslationUnits != 0)
    OS << " in " << R.Analyzed << " of " << R.TranslationUnits << " translation units";
  OS << "\n";
}

} // namespace lockgraph
