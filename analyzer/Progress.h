// How `lockgraph check` says how far it got while it analyzes: a line rewritten in place
// on a terminal; in a CI log (stderr not a terminal), a line every LogEveryS seconds
// with the count, the rate and the time left; nothing with --quiet.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <mutex>

namespace lockgraph {

enum class ProgressStyle { None, Terminal, Log };

class Progress {
public:
  static constexpr int LogEveryS = 10;
  Progress(ProgressStyle Style, size_t Total, llvm::raw_ostream &OS = llvm::errs(),
           std::chrono::seconds Every = std::chrono::seconds(LogEveryS))
      : Style(Style), Total(Total), OS(OS), Every(Every),
        Start(std::chrono::steady_clock::now()), Last(Start) {}
  // One translation unit more is done (File: its name). Thread-safe.
  void done(llvm::StringRef File);

private:
  ProgressStyle Style;
  size_t Total, Done = 0;
  llvm::raw_ostream &OS;
  std::chrono::seconds Every;
  std::chrono::steady_clock::time_point Start, Last;
  std::mutex Mu;
};

} // namespace lockgraph
