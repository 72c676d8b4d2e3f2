// The HTML page's lock graph: a Graphviz drawing of the part that matters (GraphDrawing)
// with each reported cycle's edges red and linked to their finding, then the table of
// every lock order, which is also what a reader without the drawing gets.
#include "GraphDrawing.h"
#include "GraphvizSvg.h"
#include "HtmlSupport.h"
#include "WriterSupport.h"

#include "llvm/Support/raw_ostream.h"

#include <map>
#include <utility>

namespace lockgraph {
namespace html {
namespace {

// Where a cycle's edge links to: the first finding with that edge.
std::map<std::pair<std::string, std::string>, std::string> edgeAnchors(const Report &R) {
  std::map<std::pair<std::string, std::string>, std::string> Out;
  for (size_t I = 0; I < R.Findings.size(); ++I)
    for (const LockEdge &E : R.Findings[I].Edges)
      Out.try_emplace({detail::fromKey(E), detail::toKey(E)}, anchor(R.Findings[I], I));
  return Out;
}

void writeDrawing(llvm::raw_ostream &OS, const Report &R, const GraphDrawing &D) {
  if (D.What == GraphDrawing::Scope::Nothing) {
    OS << "<p class=\"muted\">Not drawn: " << count(D.Locks, "lock", "locks")
       << " and no cycle among them; the table lists every lock order.</p>";
    return;
  }
  auto Anchors = edgeAnchors(R);
  detail::DotForSvg Links;
  Links.EdgeLink = [&](const LockEdge &E) -> std::string {
    auto It = Anchors.find({detail::fromKey(E), detail::toKey(E)});
    return E.InCycle && It != Anchors.end() ? "#" + It->second : "";
  };
  std::string Dot, Svg, Error;
  llvm::raw_string_ostream DotOS(Dot);
  detail::writeDotGraph(DotOS, D.Edges, R.BaseDir, &Links);
  if (!renderSvg(Dot, Svg, Error)) {
    OS << "<p class=\"muted\">Not drawn: " << esc(Error) << ". The table lists every lock order.</p>";
    return;
  }
  if (D.What == GraphDrawing::Scope::CyclicParts) {
    OS << "<p>The graph has " << count(D.Locks, "lock", "locks") << " and "
       << count(D.Orders, "lock order", "lock orders") << "; drawn are the "
       << D.DrawnLocks << " locks of " << D.DrawnParts << " of its "
       << count(D.CyclicParts, "part", "parts")
       << " where locks are taken in both orders (strongly connected), reported cycles first";
    if (D.PartsCutToCycles)
      OS << " (" << count(D.PartsCutToCycles, "part is", "parts are")
         << " too large to draw whole: only the edges of its reported cycles are drawn)";
    OS << ". The " << (D.Locks - D.DrawnLocks)
       << " other locks are in no cycle, or in a part left out; the table lists them.</p>";
  }
  OS << "<figure><div class=\"graph-wrap\" role=\"img\" aria-label=\"Lock-order graph: "
     << count(D.DrawnLocks, "lock", "locks") << ", " << count(D.Edges.size(), "lock order", "lock orders")
     << " drawn\">" << Svg << "</div><figcaption class=\"muted\">An arrow from A to B: B was "
     << "taken while A was held, labelled with where. Red: an edge of a reported cycle, "
        "linked to its finding. Dashed: A is held on some paths only.</figcaption></figure>";
}

} // namespace

void writeGraphSection(llvm::raw_ostream &OS, const Report &R) {
  OS << "<section id=\"graph\" class=\"card\" aria-labelledby=\"graph-h\"><h2 id=\"graph-h\">"
        "Lock graph</h2>";
  if (R.Graph.empty()) {
    OS << "<p class=\"muted\">No lock-order edges in this report.</p></section>\n";
    return;
  }
  GraphDrawing D = selectForDrawing(R.Graph);
  writeDrawing(OS, R, D);
  // The whole table when the drawing shows everything is only a second view: folded.
  bool Open = D.What != GraphDrawing::Scope::Whole || !haveGraphviz();
  OS << "<details" << (Open ? " open" : "") << "><summary>All "
     << count(R.Graph.size(), "lock order", "lock orders") << "</summary>"
     << "<table class=\"sortable\" id=\"edges\"><thead><tr><th>taken</th><th>while holding</th>"
        "<th>at</th><th>in</th></tr></thead><tbody>";
  for (const LockEdge &E : R.Graph)
    OS << "<tr" << (E.InCycle ? " class=\"cycle\"" : "") << "><td>" << esc(E.To) << "</td><td>"
       << esc(E.From) << (E.MayOnly ? " <span class=\"muted\">(some paths)</span>" : "")
       << "</td><td>" << esc(place(E.Site, R.BaseDir)) << "</td><td>" << esc(E.Function)
       << "</td></tr>";
  OS << "</tbody></table></details></section>\n";
}

} // namespace html
} // namespace lockgraph
