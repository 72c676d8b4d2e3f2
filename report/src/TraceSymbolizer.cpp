// Symbolizes trace addresses with llvm::symbolize::LLVMSymbolizer (the library behind
// llvm-symbolizer): DWARF line tables when present, else the symbol table, else
// "module+0xoffset". The same binary is loaded once however many traces use it.
#include "lockgraph/TraceSymbolizer.h"

#include "ArrayLayouts.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Object/BuildID.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace lockgraph {
namespace {

std::string hex(uint64_t V) { return "0x" + llvm::utohexstr(V, /*LowerCase=*/true); }

// LLVM says "<invalid>" for what the debug info does not know.
std::string known(const std::string &S) {
  return S == llvm::DILineInfo::BadString ? std::string() : S;
}

// The GNU build id of the file at Path, lower-case hex; "" when unreadable or absent.
std::string buildIdOnDisk(const std::string &Path) {
  auto Obj = llvm::object::ObjectFile::createObjectFile(Path);
  if (!Obj) {
    llvm::consumeError(Obj.takeError());
    return "";
  }
  return llvm::toHex(llvm::object::getBuildID(Obj->getBinary()), /*LowerCase=*/true);
}

} // namespace

std::string displayFunction(const std::string &Function) {
  return Function + (llvm::StringRef(Function).contains('(') ? "" : "()");
}

std::string SymbolizedFrame::display() const {
  std::string Out;
  if (!Function.empty())
    Out = displayFunction(Function);
  if (!File.empty()) {
    Out += (Out.empty() ? "" : " ") + llvm::sys::path::filename(File).str();
    if (Line != 0)
      Out += ":" + std::to_string(Line);
  }
  if (!Out.empty())
    return Out;
  if (!Module.empty())
    return llvm::sys::path::filename(Module).str() + "+" + hex(Offset);
  return hex(PC);
}

TraceSymbolizer::TraceSymbolizer() {
  llvm::symbolize::LLVMSymbolizer::Options Opts;
  Opts.Demangle = true;
  Opts.UseSymbolTable = true;
  Opts.PathStyle = llvm::DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath;
  Impl = std::make_unique<llvm::symbolize::LLVMSymbolizer>(Opts);
  Layouts = std::make_unique<ArrayLayouts>();
}

TraceSymbolizer::~TraceSymbolizer() = default;

bool TraceSymbolizer::trustModule(const trace::Module &M) {
  auto Key = std::make_pair(M.Path, M.BuildId);
  auto It = Trusted.find(Key);
  if (It != Trusted.end())
    return It->second;
  bool Trust = true;
  // A trace names the files to read: only regular files of a sane size are (a FIFO
  // would hang the report, /dev/zero never end).
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(M.Path, St) || !llvm::sys::fs::is_regular_file(St) ||
      St.getSize() > (uint64_t(4) << 30)) {
    Trusted[Key] = false;
    if (llvm::sys::fs::exists(St))
      Warnings.push_back(M.Path + ": not a regular file of at most 4 GiB; its frames are "
                         "shown as module+offset");
    return false;
  }
  if (!M.BuildId.empty()) {
    std::string OnDisk = buildIdOnDisk(M.Path);
    // A file without a build id cannot be compared; trust it as llvm-symbolizer would.
    if (!OnDisk.empty() && OnDisk != M.BuildId) {
      Trust = false;
      Warnings.push_back(M.Path + ": the file on disk (build id " + OnDisk +
                         ") is not the one the trace saw (" + M.BuildId +
                         "); its frames are shown as module+offset");
    }
  }
  Trusted[Key] = Trust;
  return Trust;
}

SymbolizedFrame TraceSymbolizer::symbolize(const trace::Trace &T, uint64_t PC) {
  // A return address points after the call; PC - 1 is inside it, in the right line
  // and, for a call at the end of a function, in the right function.
  uint64_t Lookup = PC == 0 ? 0 : PC - 1;
  const trace::Module *M = T.findModule(Lookup);
  SymbolizedFrame F;
  F.PC = PC;
  if (!M)
    return F;
  uint64_t Offset = PC - M->Base;
  auto Key = std::make_tuple(M->Path, M->BuildId, Offset);
  auto It = Cache.find(Key);
  if (It != Cache.end()) {
    F = It->second;
    F.PC = PC;
    return F;
  }
  F.Module = M->Path;
  F.Offset = Offset;
  lookUp(*M, Offset, F);
  Cache.emplace(Key, F);
  return F;
}

void TraceSymbolizer::lookUp(const trace::Module &M, uint64_t Offset, SymbolizedFrame &F) {
  if (!trustModule(M))
    return;
  llvm::object::SectionedAddress Addr{Offset == 0 ? 0 : Offset - 1,
                                      llvm::object::SectionedAddress::UndefSection};
  llvm::Expected<llvm::DILineInfo> Info = Impl->symbolizeCode(M.Path, Addr);
  if (!Info) {
    llvm::consumeError(Info.takeError()); // the file is gone: module+offset it is
    return;
  }
  F.Function = known(Info->FunctionName);
  F.File = known(Info->FileName);
  F.Line = F.File.empty() ? 0 : Info->Line;
  F.Column = F.File.empty() ? 0 : Info->Column;
}

std::string TraceSymbolizer::symbolizeGlobal(const trace::Trace &T, uint64_t Addr,
                                             uint64_t ElementSize) {
  const trace::Module *M = T.findModule(Addr);
  if (!M)
    return "";
  uint64_t Offset = Addr - M->Base;
  DataSymbol D = lookUpData(*M, Offset);
  if (D.Name.empty() || Offset < D.Start || (D.Size && Offset >= D.Start + D.Size))
    return "";
  uint64_t Into = Offset - D.Start;
  if (D.ElementSize && D.Size > D.ElementSize)
    return elementName(D.Name, ArrayLayout{D.ElementSize, D.Members}, Into);
  // No debug info on the array: an array of bare locks is the likely case.
  if (ElementSize && D.Size > ElementSize && D.Size % ElementSize == 0 &&
      Into % ElementSize == 0)
    return D.Name + "[" + std::to_string(Into / ElementSize) + "]";
  return Into ? D.Name + "+0x" + llvm::utohexstr(Into, /*LowerCase=*/true) : D.Name;
}

TraceSymbolizer::DataSymbol TraceSymbolizer::lookUpData(const trace::Module &M,
                                                        uint64_t Offset) {
  DataSymbol D;
  if (!trustModule(M))
    return D;
  llvm::Expected<llvm::DIGlobal> G = Impl->symbolizeData(
      M.Path, {Offset, llvm::object::SectionedAddress::UndefSection});
  if (!G) {
    llvm::consumeError(G.takeError());
    return D;
  }
  D.Name = known(G->Name);
  D.Start = G->Start;
  D.Size = G->Size;
  if (const ArrayLayout *L = D.Name.empty() ? nullptr : Layouts->find(M.Path, D.Start)) {
    D.ElementSize = L->ElementSize;
    D.Members = L->Members;
  }
  return D;
}

std::vector<SymbolizedFrame> TraceSymbolizer::symbolizeStack(const trace::Trace &T,
                                                             unsigned StackId) {
  std::vector<SymbolizedFrame> Out;
  if (const std::vector<uint64_t> *Frames = T.findStack(StackId))
    for (uint64_t PC : *Frames)
      Out.push_back(symbolize(T, PC));
  return Out;
}

std::vector<std::string> TraceSymbolizer::takeWarnings() { return std::move(Warnings); }

bool isProgramFrame(const SymbolizedFrame &F) {
  if (F.Module.empty())
    return false;
  llvm::StringRef Name = llvm::sys::path::filename(F.Module);
  // Runtime libraries by soname prefix: the frames below the user's call into them.
  for (llvm::StringRef Prefix :
       {"libc.so", "libc-", "libstdc++", "libc++", "libpthread", "ld-linux", "ld64.so", "libgcc_s",
        "libm.so", "libdl", "librt", "linux-vdso", "liblockgraph-preload"})
    if (Name.starts_with(Prefix))
      return false;
  return true;
}

} // namespace lockgraph
