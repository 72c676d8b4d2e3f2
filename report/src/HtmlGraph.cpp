// The HTML page's lock graph: a Graphviz drawing of the part that matters (GraphDrawing)
// with each reported cycle's edges red and linked to their finding, then the table of
// every lock order, which is also what a reader without the drawing gets.
#include "GraphDrawing.h"
#include "GraphvizSvg.h"
#include "HtmlSupport.h"
#include "WriterSupport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>
#include <utility>

namespace lockgraph {
namespace html {
namespace {

// Where a cycle's edge links to: the first finding with that edge.
std::map<std::pair<std::string, std::string>, std::string> edgeAnchors(const Report &R) {
  std::map<std::pair<std::string, std::string>, std::string> Out;
  std::vector<std::string> Ids = anchors(R);
  for (size_t I = 0; I < R.Findings.size(); ++I)
    for (const LockEdge &E : R.Findings[I].Edges)
      Out.try_emplace({detail::fromKey(E), detail::toKey(E)}, Ids[I]);
  return Out;
}

size_t locksIn(const std::vector<LockEdge> &Edges) {
  std::set<std::string> Locks;
  for (const LockEdge &E : Edges) {
    Locks.insert(detail::fromKey(E));
    Locks.insert(detail::toKey(E));
  }
  return Locks.size();
}

void writeSummary(llvm::raw_ostream &OS, const GraphDrawing &D) {
  OS << "<p>The graph has " << count(D.Locks, "lock", "locks") << " and "
     << count(D.Orders, "lock order", "lock orders")
     << ", too many to draw whole. Drawn are the " << count(D.DrawnLocks, "lock", "locks")
     << " of ";
  if (D.DrawnParts == D.CyclicParts)
    OS << (D.CyclicParts == 1 ? "the part" : "the " + std::to_string(D.CyclicParts) + " parts");
  else
    OS << D.DrawnParts << " of the " << D.CyclicParts << " parts";
  OS << " where locks are taken in both orders (strongly connected"
     << (D.DrawnParts == D.CyclicParts ? ")" : "; reported cycles first)");
  if (D.PartsCutToCycles)
    OS << "; " << count(D.PartsCutToCycles, "part is", "parts are")
       << " too large to draw whole, and only the edges of its reported cycles are drawn";
  OS << ". The other " << count(D.Locks - D.DrawnLocks, "lock is", "locks are")
     << (D.DrawnParts == D.CyclicParts && !D.PartsCutToCycles ? " in no cycle"
                                                               : " in no cycle or left out")
     << "; the table lists every lock order.</p>";
}

void writeDrawings(llvm::raw_ostream &OS, const Report &R, const GraphDrawing &D) {
  if (D.What == GraphDrawing::Scope::Nothing) {
    OS << "<p class=\"muted\">Not drawn: " << count(D.Locks, "lock", "locks")
       << ", too many to draw whole, and no cycle among them; the table lists every lock "
          "order.</p>";
    return;
  }
  auto Anchors = edgeAnchors(R);
  detail::DotForSvg Style;
  Style.EdgeLink = [&](const LockEdge &E) -> std::string {
    auto It = Anchors.find({detail::fromKey(E), detail::toKey(E)});
    return E.InCycle && It != Anchors.end() ? "#" + It->second : "";
  };
  // All laid out first: if Graphviz fails on one, the page says so once and keeps the
  // table.
  std::vector<std::string> Svgs;
  for (size_t I = 0; I < D.Drawings.size(); ++I) {
    Style.IdPrefix = "g" + std::to_string(I + 1) + "-"; // ids stay unique in the page
    std::string Dot, Svg, Error;
    llvm::raw_string_ostream DotOS(Dot);
    detail::writeDotGraph(DotOS, D.Drawings[I], R.BaseDir, &Style);
    if (!renderSvg(Dot, Svg, Error)) {
      OS << "<p class=\"muted\">Not drawn: " << esc(Error)
         << ". The table lists every lock order.</p>";
      return;
    }
    Svgs.push_back(std::move(Svg));
  }
  if (D.What == GraphDrawing::Scope::CyclicParts)
    writeSummary(OS, D);
  // Fitted to the page's width; the checkbox (no script needed) shows the drawings at
  // their own size.
  OS << "<label class=\"zoom\"><input type=\"checkbox\" id=\"graph-zoom\"> actual size"
        "</label>";
  for (size_t I = 0; I < Svgs.size(); ++I) {
    const std::vector<LockEdge> &Edges = D.Drawings[I];
    std::string What = count(locksIn(Edges), "lock", "locks") + ", " +
                       count(Edges.size(), "lock order", "lock orders");
    bool Reported = llvm::any_of(Edges, [](const LockEdge &E) { return E.InCycle; });
    OS << "<figure><div class=\"graph-wrap\" role=\"img\" aria-label=\"Lock-order graph"
       << (Svgs.size() > 1 ? ", part " + std::to_string(I + 1) : "") << ": " << What << "\">"
       << Svgs[I] << "</div>";
    if (Svgs.size() > 1)
      OS << "<figcaption class=\"muted\">Part " << I + 1 << " of " << Svgs.size() << ": "
         << What << (Reported ? ", with a reported cycle" : "") << "</figcaption>";
    OS << "</figure>";
  }
  OS << "<p class=\"muted\">An arrow from A to B: B was taken while A was held, labelled "
        "with where. Red: an edge of a reported cycle, linked to its finding. Dashed: A is "
        "held on some paths only.</p>";
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
  writeDrawings(OS, R, D);
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
