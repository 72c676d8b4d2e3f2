#include "SuppressionComments.h"

#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace lockgraph {

void parseSuppressionComments(llvm::StringRef Text, uint32_t File,
                              std::vector<SuppressionComment> &Out) {
  if (!Text.contains("NOLINT"))
    return;
  std::optional<std::pair<uint32_t, std::vector<std::string>>> Begin;
  uint32_t Line = 0;
  for (llvm::StringRef Rest = Text; !Rest.empty();) {
    auto [Cur, Next] = Rest.split('\n');
    Rest = Next;
    ++Line;
    size_t Pos = Cur.find("NOLINT");
    if (Pos == llvm::StringRef::npos)
      continue;
    llvm::StringRef After = Cur.substr(Pos + 6);
    enum { Same, NextLine, BlockBegin, BlockEnd } Kind = Same;
    if (After.consume_front("NEXTLINE"))
      Kind = NextLine;
    else if (After.consume_front("BEGIN"))
      Kind = BlockBegin;
    else if (After.consume_front("END"))
      Kind = BlockEnd;
    std::vector<std::string> Ids;
    if (After.consume_front("(")) {
      llvm::StringRef List = After.take_until([](char C) { return C == ')'; });
      llvm::SmallVector<llvm::StringRef, 4> Parts;
      List.split(Parts, ',');
      bool Mentioned = false;
      for (llvm::StringRef P : Parts) {
        P = P.trim();
        if (P == "*" || P.starts_with("lockgraph"))
          Ids.push_back(P.str());
        Mentioned |= !P.empty();
      }
      if (Mentioned && Ids.empty())
        continue; // NOLINT(other-tool-check) is not ours
    }
    if (Kind == BlockBegin) {
      Begin.emplace(Line, Ids);
      continue;
    }
    if (Kind == BlockEnd) {
      if (Begin)
        for (uint32_t L = Begin->first; L <= Line; ++L)
          Out.push_back({File, L, Begin->second});
      Begin.reset();
      continue;
    }
    Out.push_back({File, Kind == NextLine ? Line + 1 : Line, Ids});
  }
}

} // namespace lockgraph
