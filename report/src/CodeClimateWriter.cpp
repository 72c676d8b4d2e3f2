// GitLab's Code Quality report (`--format codeclimate`): a JSON array of issues with
// description, check_name, fingerprint, severity and location.path/lines.begin, the
// subset of the Code Climate spec GitLab reads. Paths are relative to the base dir
// (the repository), as GitLab links them.
#include "lockgraph/Writers.h"

#include "llvm/Support/JSON.h"

namespace lockgraph {
namespace {

// Code Climate's scale: info, minor, major, critical, blocker.
const char *codeClimateSeverity(Severity S) {
  switch (S) {
  case Severity::Error:
    return "critical";
  case Severity::Warning:
    return "major";
  case Severity::Note:
    return "info";
  }
  return "major";
}

} // namespace

void writeCodeClimate(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &) {
  llvm::json::OStream J(OS, 2);
  J.array([&] {
    for (const Finding &F : R.Findings) {
      if (!F.Primary.valid())
        continue; // GitLab needs a file and a line to show an issue
      J.object([&] {
        J.attribute("check_name", qualifiedRuleId(F.RuleId));
        J.attribute("description", F.Message);
        J.attribute("fingerprint", F.Fingerprint);
        J.attribute("severity", codeClimateSeverity(F.Level));
        J.attribute("type", "issue");
        J.attributeObject("location", [&] {
          J.attribute("path", displayPath(F.Primary.File, R.BaseDir));
          J.attributeObject("lines", [&] { J.attribute("begin", F.Primary.Line); });
        });
      });
    }
  });
  OS << "\n";
}

} // namespace lockgraph
