#include "Progress.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace lockgraph {

namespace {

// "about 5 min left", "about 40 s left".
std::string timeLeft(double Seconds) {
  if (Seconds >= 90)
    return "about " + std::to_string(int(Seconds / 60 + 0.5)) + " min left";
  return "about " + std::to_string(int(Seconds + 0.5)) + " s left";
}

} // namespace

void Progress::done(llvm::StringRef File) {
  if (Style == ProgressStyle::None)
    return;
  std::lock_guard<std::mutex> L(Mu);
  ++Done;
  if (Style == ProgressStyle::Terminal) {
    OS << "\r[" << Done << "/" << Total << "] " << llvm::sys::path::filename(File)
                 << "\x1b[K";
    if (Done == Total)
      OS << "\r\x1b[K";
    return;
  }
  auto Now = std::chrono::steady_clock::now();
  if (Done == Total || Now - Last < Every)
    return;
  Last = Now;
  double Elapsed = std::chrono::duration<double>(Now - Start).count();
  double Rate = Elapsed > 0 ? Done / Elapsed : 0;
  OS << "lockgraph: " << Done << " of " << Total << " translation units ("
               << llvm::format("%.1f", Rate) << "/s, "
               << (Rate > 0 ? timeLeft((Total - Done) / Rate) : std::string("time left unknown"))
               << ")\n";
}

} // namespace lockgraph
