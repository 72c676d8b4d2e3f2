#include "TraceInputs.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace lockgraph {
namespace {

void listTraceFiles(const std::string &Dir, std::vector<std::string> &Paths,
                    std::vector<std::string> &Errors) {
  std::vector<std::string> Found;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(".trace"))
      Found.push_back(It->path());
  if (EC)
    Errors.push_back(Dir + ": " + EC.message());
  std::sort(Found.begin(), Found.end());
  Paths.insert(Paths.end(), Found.begin(), Found.end());
}

} // namespace

std::vector<std::string> traceFilesIn(const std::string &Dir) {
  std::vector<std::string> Paths, Errors;
  listTraceFiles(Dir, Paths, Errors);
  return Paths;
}

TraceInputs loadTraces(const std::vector<std::string> &Inputs) {
  TraceInputs Out;
  std::vector<std::string> Paths;
  for (const std::string &In : Inputs) {
    if (llvm::sys::fs::is_directory(In))
      listTraceFiles(In, Paths, Out.Errors);
    else
      Paths.push_back(In); // reading it says what is wrong when it is not a file
  }
  for (const std::string &E : Out.Errors)
    llvm::errs() << "lockgraph: error: " << E << "\n";
  Out.Files = Paths.size();
  for (const std::string &Path : Paths) {
    llvm::Expected<trace::Trace> T = trace::readTraceFile(Path);
    if (!T) {
      std::string Message = llvm::toString(T.takeError());
      llvm::errs() << "lockgraph: error: " << Message << "\n";
      Out.Errors.push_back(Message);
      continue;
    }
    // Damage loses records, so it is an error of the input; a missing end record
    // loses nothing that was written, so it is only a note.
    if (T->StoppedAtLine != 0 || !T->WriteError.empty()) {
      llvm::errs() << "lockgraph: error: " << T->Problem << "\n";
      Out.Errors.push_back(T->Problem);
    } else if (!T->Problem.empty()) {
      llvm::errs() << "lockgraph: note: " << T->Problem << "\n";
    }
    Out.Traces.push_back(std::move(*T));
  }
  return Out;
}

bool loadSuppressions(const std::string &Path, SuppressionList &List) {
  if (Path.empty())
    return true;
  if (llvm::Error E = List.readFile(Path)) {
    llvm::errs() << "lockgraph: error: " << llvm::toString(std::move(E)) << "\n";
    return false;
  }
  return true;
}

} // namespace lockgraph
