// `--format html`: one self-contained page (no scripts, styles, fonts or images from
// anywhere else) that opens from disk or a CI artifact. Overview, every finding with
// each half of a cycle as its own path with stacks and a few source lines around each
// site, the lock graph drawn by Graphviz (HtmlGraph.cpp), the contention table and,
// after `report --static`, the lock orders no run took. Readable and usable by keyboard
// without JavaScript; the inline script only adds filtering and sorting. Light and dark
// follow the reader's setting.
#include "HtmlSupport.h"
#include "WriterSupport.h"

#include "lockgraph/Contention.h"
#include "lockgraph/Writers.h"

#include "llvm/ADT/StringExtras.h"

#include <map>
#include <set>

namespace lockgraph {
namespace {

using html::esc;

void writeOverview(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules) {
  detail::SeverityCounts C = detail::countSeverities(R);
  std::map<std::string, std::map<Severity, unsigned>> ByRule;
  for (const Finding &F : R.Findings)
    ++ByRule[F.RuleId][F.Level];
  OS << "<section id=\"overview\" class=\"card\" aria-labelledby=\"overview-h\">"
        "<h2 id=\"overview-h\">Overview</h2><p>"
     << html::count(R.Findings.size(), "finding", "findings") << ": "
     << html::count(C.Errors, "error", "errors") << ", "
     << html::count(C.Warnings, "warning", "warnings") << ", "
     << html::count(C.Notes, "note", "notes") << ".";
  if (R.TranslationUnits)
    OS << " " << R.Analyzed << " of " << R.TranslationUnits << " translation units analyzed.";
  if (R.Processes)
    OS << " " << html::count(R.Processes, "process", "processes") << " traced.";
  OS << "</p>";
  if (!ByRule.empty()) {
    OS << "<table class=\"sortable\" id=\"rules\"><thead><tr><th>rule</th><th class=\"num\">"
          "errors</th><th class=\"num\">warnings</th><th class=\"num\">notes</th></tr></thead><tbody>";
    for (const auto &[Rule, Counts] : ByRule) {
      const RuleInfo *Info = Rules.find(Rule);
      OS << "<tr><td>" << esc(qualifiedRuleId(Rule)) << (Info ? " — " + esc(Info->Title) : "")
         << "</td>";
      for (Severity S : {Severity::Error, Severity::Warning, Severity::Note}) {
        auto It = Counts.find(S);
        unsigned N = It == Counts.end() ? 0 : It->second;
        OS << "<td class=\"num\" data-value=\"" << N << "\">" << N << "</td>";
      }
      OS << "</tr>";
    }
    OS << "</tbody></table>";
  }
  OS << "<p class=\"muted\">lockgraph " << esc(R.ToolVersion);
  if (!R.CommandLine.empty())
    OS << ": <code>" << esc(R.CommandLine) << "</code>";
  OS << "</p>";
  for (const std::string &E : R.Errors)
    OS << "<p class=\"error\">error: " << esc(E) << "</p>";
  for (const std::string &N : R.Notices)
    OS << "<p class=\"muted\">note: " << esc(N) << "</p>";
  OS << "</section>\n";
}

// The filter form, hidden until the script shows it: without script it would do nothing.
void writeFilter(llvm::raw_ostream &OS, const Report &R) {
  std::set<std::string> RuleIds, Origins;
  for (const Finding &F : R.Findings) {
    RuleIds.insert(F.RuleId);
    for (llvm::StringRef O : llvm::split(F.Origin, '+'))
      Origins.insert(O.str());
  }
  OS << "<form id=\"filter\" hidden role=\"search\"><label>rule<select id=\"f-rule\">"
        "<option value=\"\">all</option>";
  for (const std::string &Id : RuleIds)
    OS << "<option value=\"" << esc(Id) << "\">" << esc(Id) << "</option>";
  OS << "</select></label><label>severity<select id=\"f-severity\"><option value=\"\">all"
        "</option><option>error</option><option>warning</option><option>note</option>"
        "</select></label><label>found by<select id=\"f-origin\"><option value=\"\">either"
        "</option>";
  for (const std::string &O : Origins)
    OS << "<option>" << esc(O) << "</option>";
  OS << "</select></label><label>text (press /)<input id=\"f-text\" type=\"search\" "
        "placeholder=\"lock, file, function\"></label><output id=\"f-shown\" "
        "aria-live=\"polite\"></output></form>\n";
}

// One half of a cycle (or any flow): its steps in order, each with its stack and the
// source lines around it.
void writeFlow(llvm::raw_ostream &OS, const Flow &Steps, size_t Index, size_t Total,
               const Report &R, html::SourceSnippets &Src, std::set<std::string> &Shown) {
  OS << "<section class=\"half\"><h4>" << (Total > 1 ? "Path " : "The path");
  if (Total > 1)
    OS << Index + 1 << " of " << Total;
  OS << "</h4><ol class=\"flow\">";
  for (const FlowStep &S : Steps) {
    OS << "<li>";
    if (S.Loc.valid())
      OS << "<span class=\"muted\">" << esc(html::place(S.Loc, R.BaseDir)) << "</span> ";
    if (!S.Function.empty())
      OS << "in <code>" << esc(S.Function) << "</code>: ";
    OS << esc(S.Message);
    // Each line's snippet once per finding: a call and its callee's first step often
    // share one.
    if (S.Loc.valid() && Shown.insert(html::place(S.Loc, "")).second)
      OS << Src.around(S.Loc);
    if (!S.Callers.empty()) {
      OS << "<ul class=\"stack\" aria-label=\"stack\">";
      for (const RelatedLocation &C : S.Callers)
        OS << "<li>" << esc(C.Message)
           << (C.Loc.valid() ? " <span class=\"muted\">" + esc(html::place(C.Loc, R.BaseDir)) +
                                   "</span>"
                             : "")
           << "</li>";
      OS << "</ul>";
    }
    OS << "</li>";
  }
  OS << "</ol></section>";
}

void writeNotes(llvm::raw_ostream &OS, const Finding &F, const Report &R) {
  OS << "<ul>";
  for (const RelatedLocation &N : F.Notes) {
    OS << "<li>";
    if (N.Loc.valid())
      OS << "<span class=\"muted\">" << esc(html::place(N.Loc, R.BaseDir)) << "</span> ";
    OS << esc(N.Message) << "</li>";
  }
  OS << "</ul>";
}

void writeFinding(llvm::raw_ostream &OS, const Finding &F, const std::string &Id,
                  const Report &R, html::SourceSnippets &Src) {
  OS << "<article class=\"card finding\" id=\"" << esc(Id) << "\" tabindex=\"-1\" data-rule=\""
     << esc(F.RuleId) << "\" data-severity=\"" << severityName(F.Level) << "\" data-origin=\""
     << esc(F.Origin) << "\"><h3><span class=\"sev " << severityName(F.Level) << "\">"
     << severityName(F.Level) << "</span> <a href=\"#" << esc(Id) << "\">"
     << esc(qualifiedRuleId(F.RuleId)) << "</a> <span class=\"muted\">" << esc(F.Origin);
  if (F.ConfirmedAtRuntime)
    OS << ", every order taken at run time";
  if (F.Count > 1)
    OS << ", seen " << F.Count << " times";
  OS << "</span></h3><p>" << esc(F.Message) << "</p>";
  std::set<std::string> Shown;
  if (F.Primary.valid()) {
    OS << "<p class=\"muted\">" << esc(html::place(F.Primary, R.BaseDir)) << "</p>"
       << Src.around(F.Primary);
    Shown.insert(html::place(F.Primary, ""));
  }
  if (!F.Flows.empty()) {
    OS << "<div class=\"halves\">";
    for (size_t K = 0; K < F.Flows.size(); ++K)
      writeFlow(OS, F.Flows[K], K, F.Flows.size(), R, Src, Shown);
    OS << "</div>";
    if (!F.Notes.empty()) {
      OS << "<details><summary>All notes (" << F.Notes.size() << ")</summary>";
      writeNotes(OS, F, R);
      OS << "</details>";
    }
  } else if (!F.Notes.empty()) {
    writeNotes(OS, F, R);
  }
  OS << "</article>\n";
}

void writeContention(llvm::raw_ostream &OS, const Report &R) {
  OS << "<section id=\"contention\" class=\"card\" aria-labelledby=\"contention-h\">"
        "<h2 id=\"contention-h\">Contention</h2>";
  if (R.Contention.empty()) {
    OS << "<p class=\"muted\">"
       << (R.HasLockStats ? "No thread waited for a lock in these runs."
                          : "No contention data: no lock statistics in this report.")
       << "</p></section>\n";
    return;
  }
  OS << "<table class=\"sortable\" id=\"contention-table\"><thead><tr><th>lock</th>"
        "<th class=\"num\">acquired</th><th class=\"num\">contended</th><th class=\"num\">"
        "total wait</th><th class=\"num\">max wait</th><th>top holder site</th></tr></thead><tbody>";
  for (size_t I = 0; I < R.Contention.size() && I < R.ContentionRows; ++I) {
    const LockContention &L = R.Contention[I];
    uint64_t Acquired = L.Acquisitions + L.Shared;
    OS << "<tr><td>" << esc(L.Name) << "</td><td class=\"num\" data-value=\"" << Acquired << "\">"
       << Acquired << "</td><td class=\"num\" data-value=\"" << L.Contended << "\">" << L.Contended
       << "</td><td class=\"num\" data-value=\"" << L.WaitNs << "\">"
       << esc(formatDuration(L.WaitNs)) << "</td><td class=\"num\" data-value=\"" << L.MaxWaitNs
       << "\">" << esc(formatDuration(L.MaxWaitNs)) << "</td><td>"
       << (L.Holders.empty() ? "" : esc(L.Holders[0].Where)) << "</td></tr>";
  }
  OS << "</tbody></table></section>\n";
}

void writeCoverage(llvm::raw_ostream &OS, const Report &R) {
  OS << "<section id=\"coverage\" class=\"card\" aria-labelledby=\"coverage-h\"><h2 "
        "id=\"coverage-h\">Lock orders never taken at run time</h2><p>"
     << R.Coverage.Exercised << " of " << R.Coverage.StaticEdges
     << " lock orders the static analysis found were taken.</p><ul>";
  for (const LockEdge &E : R.Coverage.Unexercised)
    OS << "<li>" << esc(E.To) << " while holding " << esc(E.From)
       << (E.Site.valid() ? " at " + esc(html::place(E.Site, R.BaseDir)) : "") << "</li>";
  OS << "</ul></section>\n";
}

} // namespace

void writeHtml(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules) {
  html::SourceSnippets Src(R.BaseDir);
  OS << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
     << "<title>lockgraph report: " << html::count(R.Findings.size(), "finding", "findings")
     << "</title><style>"
     << html::Style << "</style></head><body>\n"
     << "<a class=\"skip\" href=\"#findings\">Skip to the findings</a>\n"
     << "<header><h1>lockgraph report</h1><nav aria-label=\"sections\"><ul>"
        "<li><a href=\"#overview\">Overview</a></li><li><a href=\"#findings\">Findings</a></li>"
        "<li><a href=\"#graph\">Lock graph</a></li><li><a href=\"#contention\">Contention</a></li>"
     << (R.Coverage.Joined ? "<li><a href=\"#coverage\">Never taken</a></li>" : "")
     << "</ul></nav></header>\n<main>\n";
  writeOverview(OS, R, Rules);
  OS << "<section id=\"findings\" tabindex=\"-1\" aria-labelledby=\"findings-h\">"
        "<h2 id=\"findings-h\">Findings</h2>\n";
  if (R.Findings.empty())
    OS << "<p>No findings.</p>";
  else
    writeFilter(OS, R);
  std::vector<std::string> Ids = html::anchors(R);
  for (size_t I = 0; I < R.Findings.size(); ++I)
    writeFinding(OS, R.Findings[I], Ids[I], R, Src);
  OS << "</section>\n";
  html::writeGraphSection(OS, R);
  writeContention(OS, R);
  if (R.Coverage.Joined)
    writeCoverage(OS, R);
  OS << "</main>\n<script>" << html::Script << "</script>\n</body></html>\n";
}

} // namespace lockgraph
