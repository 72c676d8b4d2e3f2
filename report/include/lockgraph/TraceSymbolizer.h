// Turns the return addresses of a runtime trace into functions and source lines, with
// LLVM's symbolizer library, through the module records of the trace the address came
// from (docs/trace-format.md: file address = PC - base).
#pragma once

#include "lockgraph/Trace.h"

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace llvm {
namespace symbolize {
class LLVMSymbolizer;
}
} // namespace llvm

namespace lockgraph {

class ArrayLayouts;

struct SymbolizedFrame {
  uint64_t PC = 0;
  std::string Module;   // path from the trace; "" when no module holds the PC
  uint64_t Offset = 0;  // file address inside Module (PC - base)
  std::string Function; // demangled; "" when unknown
  std::string File;     // absolute when the debug info says so; "" when unknown
  unsigned Line = 0, Column = 0;

  // "transfer() bank.c:41", "transfer()", "libfoo.so+0x1a2b" or "0x7f..".
  std::string display() const;
};

class TraceSymbolizer {
public:
  TraceSymbolizer();
  virtual ~TraceSymbolizer();

  // PC is a return address: the line looked up is that of PC - 1, the call itself.
  // Results are cached per module file and offset, so the same code seen in many
  // processes (at different load addresses) is symbolized once.
  SymbolizedFrame symbolize(const trace::Trace &T, uint64_t PC);
  std::vector<SymbolizedFrame> symbolizeStack(const trace::Trace &T, unsigned StackId);
  // The global or static variable a lock at Addr lives in ("queue_lock",
  // "accounts+0x40"), from the module's symbol table or debug info; "" for heap and
  // stack memory or when unknown. With the size of the lock type, an element of an
  // array of locks is named by its index ("forks[3]").
  std::string symbolizeGlobal(const trace::Trace &T, uint64_t Addr,
                              uint64_t ElementSize = 0);

  // One line per module whose file on disk is not the one the trace saw (build ids
  // differ); their line info is not used. Each module is named once.
  std::vector<std::string> takeWarnings();

protected:
  // Fills F's function, file, line and column for the file address Offset of M (a
  // return address, so Offset - 1 is looked up). Called once per module and offset;
  // tests replace it to control what addresses mean.
  virtual void lookUp(const trace::Module &M, uint64_t Offset, SymbolizedFrame &F);
  struct DataSymbol {
    std::string Name; // "" when unknown
    uint64_t Start = 0, Size = 0; // file addresses of the variable
    // An array's element size (0: no array, or no debug info) and the members of a
    // struct element (offset, name): a lock in "chop[1].lock".
    uint64_t ElementSize = 0;
    std::vector<std::pair<uint64_t, std::string>> Members;
  };
  // The variable containing file address Offset of M.
  virtual DataSymbol lookUpData(const trace::Module &M, uint64_t Offset);

private:
  bool trustModule(const trace::Module &M);

  std::unique_ptr<llvm::symbolize::LLVMSymbolizer> Impl;
  std::unique_ptr<ArrayLayouts> Layouts;
  // (module path, build id, offset) -> frame, without its PC (which differs between
  // processes).
  std::map<std::tuple<std::string, std::string, uint64_t>, SymbolizedFrame> Cache;
  std::map<std::pair<std::string, std::string>, bool> Trusted; // (path, build id)
  std::vector<std::string> Warnings;
};

// "transfer()" for a C name, the demangled name as it is when it has its parameters.
std::string displayFunction(const std::string &Function);

// Whether a frame lies in the program's own code rather than in the C or C++ runtime,
// the dynamic loader or lockgraph's preload library: the frames a user can fix.
bool isProgramFrame(const SymbolizedFrame &F);

} // namespace lockgraph
