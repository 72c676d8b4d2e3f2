#include "lockgraph/Baseline.h"
#include "lockgraph/InputLimits.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace lockgraph {

llvm::Expected<std::set<std::string>> readBaseline(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read baseline '%s': %s",
                                   Path.str().c_str(), Buf.getError().message().c_str());
  if (std::string Deep = jsonNestingError((*Buf)->getBuffer()); !Deep.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "baseline '%s': %s",
                                   Path.str().c_str(), Deep.c_str());
  auto V = llvm::json::parse((*Buf)->getBuffer());
  if (!V)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "baseline '%s' is not JSON: %s", Path.str().c_str(),
                                   llvm::toString(V.takeError()).c_str());
  const llvm::json::Object *O = V->getAsObject();
  const llvm::json::Array *Prints = O ? O->getArray("fingerprints") : nullptr;
  if (!O || O->getString("format") != "lockgraph-baseline" || !Prints)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'%s' is not a lockgraph baseline", Path.str().c_str());
  std::set<std::string> Out;
  for (size_t I = 0; I < Prints->size(); ++I) {
    auto S = (*Prints)[I].getAsString();
    if (!S)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "baseline '%s': fingerprint %zu is not a string",
                                     Path.str().c_str(), I + 1);
    Out.insert(S->str());
  }
  return Out;
}

llvm::Error writeBaseline(llvm::StringRef Path, const Report &R) {
  std::set<std::string> Prints;
  for (const Finding &F : R.Findings)
    Prints.insert(F.Fingerprint);
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    return llvm::createStringError(EC, "cannot write baseline '%s': %s", Path.str().c_str(),
                                   EC.message().c_str());
  llvm::json::Array List;
  for (const std::string &P : Prints)
    List.push_back(P);
  llvm::json::Object Doc{{"format", "lockgraph-baseline"}, {"version", 1}};
  Doc["fingerprints"] = std::move(List);
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Doc))) << "\n";
  return llvm::Error::success();
}

size_t applyBaseline(Report &R, const std::set<std::string> &Fingerprints) {
  size_t Before = R.Findings.size();
  R.Findings.erase(std::remove_if(R.Findings.begin(), R.Findings.end(),
                                  [&](const Finding &F) {
                                    return Fingerprints.count(F.Fingerprint);
                                  }),
                   R.Findings.end());
  return Before - R.Findings.size();
}

} // namespace lockgraph
