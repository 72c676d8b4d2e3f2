#include "lockgraph/TraceSuppressions.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <fnmatch.h>

namespace lockgraph {
namespace {

// Rule ids are lower-case words joined by '-' (rules/*.yaml), and may be globs, as in
// the runtime's file (runtime-hooks/core/Suppressions.h);
// a typo (a space, a missing ':') should be an error, not a line that matches nothing.
bool validRule(llvm::StringRef Rule) {
  return !Rule.empty() && llvm::all_of(Rule, [](char C) {
    return llvm::isLower(C) || llvm::isDigit(C) || llvm::StringRef("-*?[]!").contains(C);
  });
}

} // namespace

llvm::Error SuppressionList::parse(llvm::StringRef Text, llvm::StringRef Name) {
  std::vector<Suppression> Added;
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  Text.split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    llvm::StringRef Line = Lines[I].trim();
    if (Line.empty() || Line.starts_with("#"))
      continue;
    std::string Where = (Name + ":" + llvm::Twine(I + 1)).str();
    auto [Rule, Glob] = Line.split(':');
    Rule = Rule.trim();
    Glob = Glob.trim();
    Rule.consume_front("lockgraph-"); // the id as printed is accepted too
    if (!Line.contains(':') || !validRule(Rule) || Glob.empty())
      // The line itself is not echoed: the file may be one a trace named, and its
      // content someone's secret.
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     Where + ": not a '<rule-id>:<glob>' line");
    Added.push_back(Suppression{Rule.str(), Glob.str(), Where});
  }
  List.insert(List.end(), Added.begin(), Added.end());
  return llvm::Error::success();
}

llvm::Error SuppressionList::readFile(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read suppressions '" + Path +
                                                       "': " + Buf.getError().message());
  return parse((*Buf)->getBuffer(), Path);
}

const Suppression *SuppressionList::match(llvm::StringRef RuleId,
                                          llvm::ArrayRef<std::string> Subjects) const {
  for (const Suppression &S : List) {
    if (fnmatch(S.Rule.c_str(), RuleId.str().c_str(), 0) != 0)
      continue;
    for (const std::string &Subject : Subjects)
      if (!Subject.empty() && fnmatch(S.Glob.c_str(), Subject.c_str(), 0) == 0)
        return &S;
  }
  return nullptr;
}

} // namespace lockgraph
