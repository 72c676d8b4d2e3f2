// Small builders shared by the analyzer unit tests.
#pragma once

#include "Facts.h"

#include <string>

namespace lockgraph::test {

inline LockRef ref(std::string Path, std::string Fallback = "", bool Recursive = false) {
  LockRef L;
  L.Path = std::move(Path);
  L.Fallback = std::move(Fallback);
  L.Recursive = Recursive;
  return L;
}

} // namespace lockgraph::test
