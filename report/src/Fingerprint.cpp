#include "lockgraph/Fingerprint.h"

#include "llvm/Support/SHA1.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

namespace lockgraph {

std::string computeFingerprint(llvm::StringRef RuleId,
                               llvm::ArrayRef<std::string> StableKeys) {
  llvm::SHA1 Hasher;
  Hasher.update(RuleId);
  for (const std::string &Key : StableKeys) {
    // A separator that cannot occur in keys keeps ("ab","c") apart from ("a","bc").
    Hasher.update(llvm::StringRef("\x1f", 1));
    Hasher.update(Key);
  }
  std::array<uint8_t, 20> Digest = Hasher.final();
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (unsigned I = 0; I < 8; ++I)
    OS << llvm::format_hex_no_prefix(Digest[I], 2);
  return Out;
}

} // namespace lockgraph
