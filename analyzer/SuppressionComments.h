// NOLINT comments, as clang-tidy spells them: `NOLINT(lockgraph-<id>)` on the line,
// `NOLINTNEXTLINE(...)` on the line before, `NOLINTBEGIN(...)` ... `NOLINTEND(...)`
// around lines. No list, `*` or `lockgraph-*` cover every id; a list naming only other
// tools' checks is not ours.
#pragma once

#include "Facts.h"

#include "llvm/ADT/StringRef.h"

#include <vector>

namespace lockgraph {

// Appends the suppressions found in Text (one file's contents, index File).
void parseSuppressionComments(llvm::StringRef Text, uint32_t File,
                              std::vector<SuppressionComment> &Out);

} // namespace lockgraph
