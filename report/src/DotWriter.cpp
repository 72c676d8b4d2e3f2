// Graphviz output of the lock-order graph: one node per lock, one edge per LockEdge
// ("To taken while From held"), labelled with the acquisition site and the function.
// Edges of a reported cycle are red and thick, edges that hold on some paths only are
// dashed. Nodes come out sorted by lock name, edges in Report::Graph order.
#include "lockgraph/Writers.h"

#include <map>

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

void writeDot(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &) {
  // Lock name -> node id; ids are assigned in name order so they do not depend on
  // the order edges were found in.
  std::map<std::string, bool> Locks; // name -> is on a reported cycle
  for (const LockEdge &E : R.Graph) {
    Locks[E.From] |= E.InCycle;
    Locks[E.To] |= E.InCycle;
  }
  std::map<std::string, unsigned> NodeId;

  OS << "digraph lockgraph {\n";
  OS << "  node [shape=box, fontname=\"monospace\"];\n";
  OS << "  edge [fontname=\"monospace\", fontsize=10];\n";
  for (const auto &[Name, InCycle] : Locks) {
    unsigned Id = NodeId.size();
    NodeId[Name] = Id;
    OS << "  n" << Id << " [label=" << quoted(Name);
    if (InCycle)
      OS << ", color=red";
    OS << "];\n";
  }
  for (const LockEdge &E : R.Graph) {
    OS << "  n" << NodeId[E.From] << " -> n" << NodeId[E.To]
       << " [label=" << quoted(edgeLabel(E, R.BaseDir));
    if (E.InCycle)
      OS << ", color=red, penwidth=2";
    if (E.MayOnly)
      OS << ", style=dashed";
    OS << "];\n";
  }
  OS << "}\n";
}

} // namespace lockgraph
