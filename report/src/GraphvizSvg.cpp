#include "GraphvizSvg.h"

#ifdef LOCKGRAPH_HAVE_GRAPHVIZ
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#endif

#include "llvm/ADT/SmallVector.h"

#include <memory>

namespace lockgraph {

#ifdef LOCKGRAPH_HAVE_GRAPHVIZ

bool haveGraphviz() { return true; }

bool renderSvg(llvm::StringRef Dot, std::string &Svg, std::string &Error) {
  // Graphviz prints its errors on stderr by default; keep the last one for our own
  // one-line message instead.
  agseterr(AGMAX);
  std::unique_ptr<GVC_t, int (*)(GVC_t *)> Gvc(gvContext(), gvFreeContext);
  std::string Text = Dot.str(); // agmemread wants a terminated string
  std::unique_ptr<Agraph_t, int (*)(Agraph_t *)> G(agmemread(Text.c_str()), agclose);
  auto lastError = [](const char *What) {
    const char *Last = aglasterr();
    std::string Msg = What;
    if (Last && *Last) {
      llvm::StringRef L = llvm::StringRef(Last).trim();
      Msg += ": " + L.str();
    }
    return Msg;
  };
  if (!Gvc || !G) {
    Error = lastError("Graphviz could not read the graph");
    return false;
  }
  if (gvLayout(Gvc.get(), G.get(), "dot") != 0) {
    Error = lastError("Graphviz could not lay the graph out");
    return false;
  }
  char *Data = nullptr;
  unsigned Length = 0;
  int Rendered = gvRenderData(Gvc.get(), G.get(), "svg", &Data, &Length);
  gvFreeLayout(Gvc.get(), G.get());
  if (Rendered != 0 || !Data) {
    Error = lastError("Graphviz could not render SVG");
    return false;
  }
  llvm::StringRef Out(Data, Length);
  // Inline SVG needs neither the XML prologue nor the DOCTYPE, whose DTD address is
  // the only reference to anything outside the page.
  // Graphviz's <title>s name the DOT ids ("n0", "n0->n1"): tooltips and screen-reader
  // text that would say nothing. Its comments repeat them. Both go; the drawing's
  // wrapper carries the description, and a linked edge its own tooltip.
  size_t Start = Out.find("<svg");
  if (Start != llvm::StringRef::npos) {
    llvm::SmallVector<llvm::StringRef, 0> Lines;
    Out.substr(Start).split(Lines, '\n');
    for (llvm::StringRef L : Lines)
      if (!(L.starts_with("<title>") && L.ends_with("</title>")) &&
          !(L.starts_with("<!--") && L.ends_with("-->")))
        Svg.append(L.begin(), L.end()).push_back('\n');
  }
  gvFreeRenderData(Data);
  if (Svg.empty()) {
    Error = "Graphviz rendered no <svg> element";
    return false;
  }
  return true;
}

#else

bool haveGraphviz() { return false; }

bool renderSvg(llvm::StringRef, std::string &, std::string &Error) {
  Error = "lockgraph was built without Graphviz (libgraphviz-dev)";
  return false;
}

#endif

} // namespace lockgraph
