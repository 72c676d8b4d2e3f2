// Helpers shared by the writers (private to report/src).
#pragma once

#include "lockgraph/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <string>
#include <vector>

namespace lockgraph {
namespace detail {

// If File lies inside BaseDir (compared component by component, after removing "."
// and ".." and duplicate separators), sets Rel to the relative path with '/' separators
// and returns true. A relative File is taken to be relative to BaseDir already.
// Returns false when BaseDir is empty or File is elsewhere.
bool relativeToBase(llvm::StringRef File, llvm::StringRef BaseDir, std::string &Rel);

struct SeverityCounts {
  unsigned Errors = 0, Warnings = 0, Notes = 0;
};
SeverityCounts countSeverities(const Report &R);

// A lock's identity in the graph: its key when two locks may print alike, else its name.
inline const std::string &fromKey(const LockEdge &E) { return E.FromKey.empty() ? E.From : E.FromKey; }
inline const std::string &toKey(const LockEdge &E) { return E.ToKey.empty() ? E.To : E.ToKey; }

// The DOT text of a lock graph (DotWriter.cpp). With Svg, for Graphviz's SVG inside the
// HTML page: transparent background, CSS classes and ids, and edges linked to the page's
// findings.
struct DotForSvg {
  std::function<std::string(const LockEdge &)> EdgeLink; // "#finding-..." or ""
  std::string IdPrefix; // for the SVG's element ids: one page holds several drawings
};
void writeDotGraph(llvm::raw_ostream &OS, const std::vector<LockEdge> &Graph,
                   const std::string &BaseDir, const DotForSvg *Svg);

// "static", "runtime" or both, from Finding::Origin.
llvm::json::Array detectors(const Finding &F);

// The contention table (ContentionTable.cpp): one lock as JSON (also SARIF
// properties), every lock, and the text table after the findings.
llvm::json::Object contentionJson(const LockContention &L, const std::string &BaseDir);
llvm::json::Array contentionTableJson(const Report &R);
void writeContentionTable(llvm::raw_ostream &OS, const Report &R);

} // namespace detail
} // namespace lockgraph
