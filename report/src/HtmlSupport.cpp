#include "HtmlSupport.h"

#include "lockgraph/Writers.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace lockgraph {
namespace html {

std::string esc(llvm::StringRef S) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  llvm::printHTMLEscaped(S, OS);
  return Out;
}

std::vector<std::string> anchors(const Report &R) {
  std::vector<std::string> Out;
  std::map<std::string, unsigned> Seen;
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    const Finding &F = R.Findings[I];
    std::string Id = "finding-" + (F.Fingerprint.empty() ? std::to_string(I + 1) : F.Fingerprint);
    if (unsigned N = ++Seen[Id]; N > 1)
      Id += "-" + std::to_string(N);
    Out.push_back(std::move(Id));
  }
  return Out;
}

std::string count(size_t N, const char *One, const char *Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many);
}

std::string place(const SourceLocation &Loc, const std::string &BaseDir) {
  if (Loc.File.empty())
    return "";
  return displayPath(Loc.File, BaseDir) + (Loc.Line ? ":" + std::to_string(Loc.Line) : "");
}

std::string SourceSnippets::around(const SourceLocation &Loc) {
  if (!Loc.valid())
    return "";
  auto [It, New] = Files.try_emplace(Loc.File);
  File &F = It->second;
  llvm::SmallString<256> Path(Loc.File);
  if (llvm::sys::path::is_relative(Path) && !BaseDir.empty())
    llvm::sys::fs::make_absolute(BaseDir, Path);
  if (New && llvm::sys::fs::is_regular_file(Path))
    if (auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true))
      if ((*Buf)->getBufferSize() < (8u << 20)) {
        F.Text = std::move(*Buf);
        // Empty lines kept: line N is Lines[N-1] (SplitString would drop them).
        F.Text->getBuffer().split(F.Lines, '\n');
      }
  if (Loc.Line == 0 || Loc.Line > F.Lines.size())
    return "";
  std::string Out = "<pre class=\"src\">";
  unsigned First = Loc.Line > 3 ? Loc.Line - 2 : 1;
  unsigned Last = std::min<size_t>(Loc.Line + 2, F.Lines.size());
  for (unsigned L = First; L <= Last; ++L)
    Out += std::string(L == Loc.Line ? "<mark>" : "") + llvm::formatv("{0,5} ", L).str() +
           esc(F.Lines[L - 1].rtrim('\r')) + (L == Loc.Line ? "</mark>" : "") + "\n";
  return Out + "</pre>";
}

} // namespace html
} // namespace lockgraph
