// Graphviz output of the lock-order graph: one node per lock, one edge per LockEdge
// ("To taken while From held"), labelled with the acquisition site and the function.
// Edges of a reported cycle are red and thick, edges that hold on some paths only are
// dashed. Nodes come out sorted by lock name, edges in Report::Graph order.
#include "WriterSupport.h"

#include "lockgraph/Writers.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace lockgraph {
namespace {

// A DOT double-quoted string. Backslash and quote are escaped so a lock name such as
// `a["k"]` or `s\n` prints as written; a newline becomes the label line break \n.
std::string quoted(llvm::StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    switch (C) {
    case '"':
      Out += "\\\"";
      break;
    case '\\':
      Out += "\\\\";
      break;
    case '\n':
      Out += "\\n";
      break;
    case '\r':
      break;
    default:
      Out += C;
    }
  }
  Out += "\"";
  return Out;
}

std::string edgeLabel(const LockEdge &E, const std::string &BaseDir) {
  std::string Label;
  if (!E.Site.File.empty()) {
    Label = displayPath(E.Site.File, BaseDir);
    if (E.Site.Line != 0)
      Label += ":" + std::to_string(E.Site.Line);
  }
  if (!E.Function.empty())
    Label += (Label.empty() ? "" : "\n") + E.Function;
  return Label;
}

} // namespace

void detail::writeDotGraph(llvm::raw_ostream &OS, const std::vector<LockEdge> &Graph,
                           const std::string &BaseDir, const DotForSvg *Svg) {
  // Nodes are identities, not names: two locks that print alike (two functions' local
  // `m`) stay two nodes, and their labels say which is which. Ids follow label order
  // so they do not depend on the order edges were found in.
  std::map<std::string, std::pair<std::string, bool>> Locks; // key -> name, on a cycle
  for (const LockEdge &E : Graph) {
    auto &F = Locks[detail::fromKey(E)];
    F.first = E.From;
    F.second |= E.InCycle;
    auto &T = Locks[detail::toKey(E)];
    T.first = E.To;
    T.second |= E.InCycle;
  }
  std::map<std::string, unsigned> NameUses;
  for (const auto &[Key, Node] : Locks)
    ++NameUses[Node.first];
  std::vector<std::tuple<std::string, std::string, bool>> Nodes; // label, key, in cycle
  std::map<std::string, unsigned> NameSeen;
  for (const auto &[Key, Node] : Locks) {
    std::string Label = Node.first;
    if (NameUses[Node.first] > 1)
      Label += " (" + std::to_string(++NameSeen[Node.first]) + " of " +
               std::to_string(NameUses[Node.first]) + ")";
    Nodes.emplace_back(Label, Key, Node.second);
  }
  std::sort(Nodes.begin(), Nodes.end());
  std::map<std::string, unsigned> NodeId;

  OS << "digraph lockgraph {\n";
  // Inline in a page with a dark mode, the page's style gives the colours; the wider
  // spacing keeps the labels of a two-lock cycle's edges apart.
  if (Svg)
    OS << "  graph [id=" << quoted(Svg->IdPrefix + "graph")
       << ", bgcolor=transparent, nodesep=0.6, ranksep=0.6];\n";
  OS << "  node [shape=box, fontname=\"monospace\"];\n";
  OS << "  edge [fontname=\"monospace\", fontsize=10];\n";
  for (const auto &[Label, Key, InCycle] : Nodes) {
    unsigned Id = NodeId.size();
    NodeId[Key] = Id;
    OS << "  n" << Id << " [label=" << quoted(Label);
    if (InCycle)
      OS << ", color=red" << (Svg ? ", class=\"cycle\"" : "");
    if (Svg)
      OS << ", id=" << quoted(Svg->IdPrefix + "lock-" + std::to_string(Id));
    OS << "];\n";
  }
  std::set<std::pair<unsigned, unsigned>> Written; // each edge once
  for (const LockEdge &E : Graph) {
    unsigned From = NodeId[detail::fromKey(E)], To = NodeId[detail::toKey(E)];
    if (!Written.insert({From, To}).second)
      continue;
    std::string Label = edgeLabel(E, BaseDir);
    OS << "  n" << From << " -> n" << To << " [label=" << quoted(Label);
    if (E.InCycle)
      OS << ", color=red, penwidth=2" << (Svg ? ", class=\"cycle\"" : "");
    if (E.MayOnly)
      OS << ", style=dashed";
    if (Svg) {
      OS << ", id=" << quoted(Svg->IdPrefix + "order-" + std::to_string(Written.size()));
      std::string Link = Svg->EdgeLink ? Svg->EdgeLink(E) : "";
      if (!Link.empty())
        OS << ", URL=" << quoted(Link) << ", tooltip="
           << quoted(E.To + " taken while holding " + E.From + (Label.empty() ? "" : " at ") +
                     Label);
    }
    OS << "];\n";
  }
  OS << "}\n";
}

void writeDot(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &) {
  detail::writeDotGraph(OS, R.Graph, R.BaseDir, nullptr);
}

} // namespace lockgraph
