// What the HTML page's parts share (HtmlWriter.cpp, HtmlGraph.cpp): escaping, source
// snippets, the anchors findings are linked by, and the page's style and script.
#pragma once

#include "lockgraph/Finding.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lockgraph {
namespace html {

std::string esc(llvm::StringRef S);

// Each finding's link target, in Report::Findings order: "finding-<fingerprint>",
// stable across runs so a CI log can link into the page. Fingerprints leave lines out,
// so two findings may share one (the same rule twice in one function): the later ones
// get "-2", "-3". The position stands in for a missing fingerprint.
std::vector<std::string> anchors(const Report &R);

// "1 lock", "2 locks".
std::string count(size_t N, const char *One, const char *Many);

// "dir/file.c:42", relative to the report's base directory when inside it.
std::string place(const SourceLocation &Loc, const std::string &BaseDir);

// A few lines around a location, from its file when that is a readable regular file of
// sane size (never a FIFO or a device a trace may name). Files are read once. A
// relative path is relative to the report's base directory, as in Report::BaseDir (a
// `check --format json` read back by `report --static` has such paths), not to
// wherever the command runs.
class SourceSnippets {
public:
  explicit SourceSnippets(std::string BaseDir) : BaseDir(std::move(BaseDir)) {}
  std::string around(const SourceLocation &Loc);

private:
  std::string BaseDir;
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> Text;
    llvm::SmallVector<llvm::StringRef, 0> Lines; // point into Text
  };
  std::map<std::string, File> Files;
};

extern const char *const Style;  // CSS: light and dark, the drawn graph's colours
extern const char *const Script; // sorting and filtering; the page works without it

// The lock graph section: the drawing (Graphviz) and the table of every lock order.
void writeGraphSection(llvm::raw_ostream &OS, const Report &R);

} // namespace html
} // namespace lockgraph
