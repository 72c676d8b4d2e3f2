// Format selection, dispatch, and the path policy every writer shares.
#include "lockgraph/Writers.h"

#include "WriterSupport.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Path.h"

#include <optional>

namespace lockgraph {

bool parseOutputFormat(llvm::StringRef Name, OutputFormat &Out) {
  std::optional<OutputFormat> F = llvm::StringSwitch<std::optional<OutputFormat>>(Name)
                                      .Case("text", OutputFormat::Text)
                                      .Case("json", OutputFormat::Json)
                                      .Case("sarif", OutputFormat::Sarif)
                                      .Case("dot", OutputFormat::Dot)
                                      .Case("codeclimate", OutputFormat::CodeClimate)
                                      .Case("html", OutputFormat::Html)
                                      .Default(std::nullopt);
  if (!F)
    return false;
  Out = *F;
  return true;
}

void writeReport(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules,
                 OutputFormat Format) {
  switch (Format) {
  case OutputFormat::Text:
    return writeText(OS, R, Rules);
  case OutputFormat::Json:
    return writeJson(OS, R, Rules);
  case OutputFormat::Sarif:
    return writeSarif(OS, R, Rules);
  case OutputFormat::Dot:
    return writeDot(OS, R, Rules);
  case OutputFormat::CodeClimate:
    return writeCodeClimate(OS, R, Rules);
  case OutputFormat::Html:
    return writeHtml(OS, R, Rules);
  }
}

std::string displayPath(const std::string &File, const std::string &BaseDir) {
  std::string Rel;
  if (llvm::sys::path::is_absolute(File) && detail::relativeToBase(File, BaseDir, Rel))
    return Rel;
  return File;
}

namespace detail {

bool relativeToBase(llvm::StringRef File, llvm::StringRef BaseDir, std::string &Rel) {
  if (BaseDir.empty() || File.empty())
    return false;
  llvm::SmallString<256> F(File), B(BaseDir);
  llvm::sys::path::remove_dots(F, /*remove_dot_dot=*/true);
  llvm::sys::path::remove_dots(B, /*remove_dot_dot=*/true);

  auto FI = llvm::sys::path::begin(F), FE = llvm::sys::path::end(F);
  if (llvm::sys::path::is_absolute(F)) {
    if (!llvm::sys::path::is_absolute(B))
      return false;
    for (auto BI = llvm::sys::path::begin(B), BE = llvm::sys::path::end(B); BI != BE;
         ++BI, ++FI) {
      if (FI == FE || *FI != *BI)
        return false;
    }
  } else if (FI != FE && *FI == "..") {
    return false; // relative, but climbs out of BaseDir
  }
  llvm::SmallString<256> Out;
  for (; FI != FE; ++FI)
    llvm::sys::path::append(Out, llvm::sys::path::Style::posix, *FI);
  if (Out.empty())
    return false; // File is BaseDir itself: not a file inside it
  Rel = std::string(Out);
  return true;
}

llvm::json::Array detectors(const Finding &F) {
  llvm::json::Array Out;
  llvm::StringRef Origin(F.Origin);
  for (llvm::StringRef D : {"static", "runtime"})
    if (Origin.contains(D))
      Out.push_back(D);
  return Out;
}

SeverityCounts countSeverities(const Report &R) {
  SeverityCounts C;
  for (const Finding &F : R.Findings) {
    switch (F.Level) {
    case Severity::Error:
      ++C.Errors;
      break;
    case Severity::Warning:
      ++C.Warnings;
      break;
    case Severity::Note:
      ++C.Notes;
      break;
    }
  }
  return C;
}

} // namespace detail
} // namespace lockgraph
