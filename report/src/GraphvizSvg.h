// Lays out a DOT graph and renders it as SVG with Graphviz used as a library (libgvc and
// cgraph), for the HTML page. Built without Graphviz, it says so and the page keeps its
// plain list of lock orders.
#pragma once

#include "llvm/ADT/StringRef.h"

#include <string>

namespace lockgraph {

// True when lockgraph was built with Graphviz.
bool haveGraphviz();

// The <svg> element for Dot (no XML prologue, no DOCTYPE: it goes inline into HTML).
// False with Error set when Graphviz is absent or could not lay the graph out.
bool renderSvg(llvm::StringRef Dot, std::string &Svg, std::string &Error);

} // namespace lockgraph
