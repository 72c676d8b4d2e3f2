// `--format html`: one self-contained page (no scripts, styles, fonts or images from
// anywhere else) that opens from disk or a CI artifact. Overview, every finding with
// its notes and a few source lines around each site (read from the files when they are
// readable), the lock graph with its cycles marked, the contention table and, after
// `report --static`, the lock orders no run took. Readable without JavaScript; light
// and dark follow the reader's setting. First step of issue 12's page: the graph is a
// list of edges (the Graphviz SVG comes next).
#include "WriterSupport.h"

#include "lockgraph/Contention.h"
#include "lockgraph/Writers.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>

namespace lockgraph {
namespace {

std::string esc(llvm::StringRef S) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  llvm::printHTMLEscaped(S, OS);
  return Out;
}

// A few lines around Loc, when its file is a readable regular file (not a FIFO).
class Snippets {
public:
  std::string around(const SourceLocation &Loc) {
    if (!Loc.valid())
      return "";
    auto [It, New] = Files.try_emplace(Loc.File);
    File &F = It->second;
    if (New && llvm::sys::fs::is_regular_file(Loc.File))
      if (auto Buf = llvm::MemoryBuffer::getFile(Loc.File, /*IsText=*/true))
        if ((*Buf)->getBufferSize() < (8u << 20)) {
          F.Text = std::move(*Buf); // the lines point into it
          llvm::SplitString(F.Text->getBuffer(), F.Lines, "\n");
        }
    const auto &Lines = F.Lines;
    if (Loc.Line == 0 || Loc.Line > Lines.size())
      return "";
    std::string Out = "<pre class=\"src\">";
    unsigned First = Loc.Line > 3 ? Loc.Line - 2 : 1, Last = std::min<size_t>(Loc.Line + 2, Lines.size());
    for (unsigned L = First; L <= Last; ++L)
      Out += std::string(L == Loc.Line ? "<mark>" : "") + llvm::formatv("{0,5} ", L).str() +
             esc(Lines[L - 1]) + (L == Loc.Line ? "</mark>" : "") + "\n";
    return Out + "</pre>";
  }

private:
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> Text;
    llvm::SmallVector<llvm::StringRef, 0> Lines;
  };
  std::map<std::string, File> Files;
};

const char *Style = R"(
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#5a5a5a;--card:#f4f4f6;--err:#b00020;--warn:#8a5a00;--note:#1a5fb4;--mark:#fff3b0}
@media (prefers-color-scheme:dark){:root{--bg:#16181c;--fg:#e6e6e6;--muted:#a0a0a0;--card:#22252b;--err:#ff6b81;--warn:#f0b44c;--note:#7fb2ff;--mark:#4a4020}}
body{background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem}
a{color:var(--note)}a:focus{outline:2px solid var(--note)}
.card{background:var(--card);border-radius:8px;padding:.8rem 1rem;margin:1rem 0}
.sev{font-weight:600;text-transform:uppercase;font-size:.8rem}.error{color:var(--err)}.warning{color:var(--warn)}.note{color:var(--note)}
.muted{color:var(--muted)}pre.src{overflow:auto;font-size:13px;padding:.4rem;margin:.3rem 0}mark{background:var(--mark);color:inherit}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid var(--muted)}
.cycle{color:var(--err);font-weight:600}
)";

} // namespace

void writeHtml(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules) {
  Snippets Src;
  detail::SeverityCounts C = detail::countSeverities(R);
  std::map<std::string, unsigned> ByRule;
  for (const Finding &F : R.Findings)
    ++ByRule[F.RuleId];
  OS << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
     << "<title>lockgraph report</title><style>" << Style << "</style></head><body>\n";
  OS << "<h1>lockgraph report</h1>\n<section id=\"overview\" class=\"card\"><h2>Overview</h2><p>"
     << R.Findings.size() << " findings: " << C.Errors << " errors, " << C.Warnings
     << " warnings, " << C.Notes << " notes";
  if (R.TranslationUnits)
    OS << "; " << R.Analyzed << " of " << R.TranslationUnits << " translation units analyzed";
  OS << ". lockgraph " << esc(R.ToolVersion) << ".</p>\n<table><tr><th>rule</th><th>findings</th></tr>";
  for (const auto &[Rule, N] : ByRule) {
    const RuleInfo *Info = Rules.find(Rule);
    OS << "<tr><td>" << esc(qualifiedRuleId(Rule)) << (Info ? " — " + esc(Info->Title) : "")
       << "</td><td>" << N << "</td></tr>";
  }
  OS << "</table>";
  for (const std::string &E : R.Errors)
    OS << "<p class=\"error\">error: " << esc(E) << "</p>";
  for (const std::string &N : R.Notices)
    OS << "<p class=\"muted\">note: " << esc(N) << "</p>";
  OS << "</section>\n<section id=\"findings\"><h2>Findings</h2>\n";
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    const Finding &F = R.Findings[I];
    std::string Id = "finding-" + (F.Fingerprint.empty() ? std::to_string(I + 1) : F.Fingerprint);
    OS << "<article class=\"card\" id=\"" << esc(Id) << "\"><p><span class=\"sev "
       << severityName(F.Level) << "\">" << severityName(F.Level) << "</span> <a href=\"#"
       << esc(Id) << "\">" << esc(qualifiedRuleId(F.RuleId)) << "</a> <span class=\"muted\">"
       << esc(F.Origin) << "</span></p><p>" << esc(F.Message) << "</p>";
    if (F.Primary.valid())
      OS << "<p class=\"muted\">" << esc(displayPath(F.Primary.File, R.BaseDir)) << ":"
         << F.Primary.Line << "</p>" << Src.around(F.Primary);
    if (!F.Notes.empty()) {
      OS << "<ul>";
      for (const RelatedLocation &N : F.Notes) {
        OS << "<li>";
        if (N.Loc.valid())
          OS << "<span class=\"muted\">" << esc(displayPath(N.Loc.File, R.BaseDir)) << ":"
             << N.Loc.Line << "</span> ";
        OS << esc(N.Message) << "</li>";
      }
      OS << "</ul>";
    }
    OS << "</article>\n";
  }
  if (R.Findings.empty())
    OS << "<p>No findings.</p>";
  OS << "</section>\n<section id=\"graph\" class=\"card\"><h2>Lock graph</h2>";
  if (R.Graph.empty()) {
    OS << "<p class=\"muted\">No lock-order edges in this report.</p>";
  } else {
    OS << "<table><tr><th>taken</th><th>while holding</th><th>at</th></tr>";
    for (const LockEdge &E : R.Graph)
      OS << "<tr" << (E.InCycle ? " class=\"cycle\"" : "") << "><td>" << esc(E.To) << "</td><td>"
         << esc(E.From) << "</td><td>"
         << (E.Site.valid() ? esc(displayPath(E.Site.File, R.BaseDir)) + ":" +
                                  std::to_string(E.Site.Line)
                            : "")
         << "</td></tr>";
    OS << "</table>";
  }
  OS << "</section>\n<section id=\"contention\" class=\"card\"><h2>Contention</h2>";
  if (R.Contention.empty()) {
    OS << "<p class=\"muted\">No contention data: no lock statistics in this report.</p>";
  } else {
    OS << "<table><tr><th>lock</th><th>acquired</th><th>contended</th><th>total wait</th>"
          "<th>max wait</th><th>top holder site</th></tr>";
    for (size_t I = 0; I < R.Contention.size() && I < R.ContentionRows; ++I) {
      const LockContention &L = R.Contention[I];
      OS << "<tr><td>" << esc(L.Name) << "</td><td>" << (L.Acquisitions + L.Shared)
         << "</td><td>" << L.Contended << "</td><td>" << esc(formatDuration(L.WaitNs))
         << "</td><td>" << esc(formatDuration(L.MaxWaitNs)) << "</td><td>"
         << (L.Holders.empty() ? "" : esc(L.Holders[0].Where)) << "</td></tr>";
    }
    OS << "</table>";
  }
  OS << "</section>\n";
  if (R.Coverage.Joined) {
    OS << "<section id=\"coverage\" class=\"card\"><h2>Lock orders never taken at run time</h2><p>"
       << R.Coverage.Exercised << " of " << R.Coverage.StaticEdges
       << " lock orders the static analysis found were taken.</p><ul>";
    for (const LockEdge &E : R.Coverage.Unexercised)
      OS << "<li>" << esc(E.To) << " while holding " << esc(E.From)
         << (E.Site.valid() ? " at " + esc(displayPath(E.Site.File, R.BaseDir)) + ":" +
                                  std::to_string(E.Site.Line)
                            : "")
         << "</li>";
    OS << "</ul></section>\n";
  }
  OS << "</body></html>\n";
}

} // namespace lockgraph
