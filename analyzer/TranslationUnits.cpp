#include "TranslationUnits.h"

#include "ApiModel.h"
#include "FactsExtractor.h"
#include "lockgraph/InputLimits.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/xxhash.h"

#include <atomic>
#include <map>
#include <set>
#include <mutex>

using namespace clang;
using namespace clang::tooling;

namespace lockgraph {
namespace {

// Keeps the first error, formatted like the compiler would print it.
class FirstErrorConsumer : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || !First.empty())
      return;
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    llvm::raw_string_ostream OS(First);
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      PresumedLoc P = Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (P.isValid())
        OS << P.getFilename() << ":" << P.getLine() << ":" << P.getColumn() << ": ";
    }
    OS << "error: " << Msg;
  }
  std::string First;
};

class FactsConsumer : public ASTConsumer {
public:
  FactsConsumer(const ApiModel &Api, TranslationUnitFacts &Out, bool &Extracted)
      : Api(Api), Out(Out), Extracted(Extracted) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    // A TU with errors has a partial AST: its facts would be wrong, not just missing.
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    extractFacts(Ctx, Api, Out);
    Extracted = true;
  }

private:
  const ApiModel &Api;
  TranslationUnitFacts &Out;
  bool &Extracted;
};

class FactsAction : public ASTFrontendAction {
public:
  FactsAction(const ApiModel &Api, TranslationUnitFacts &Out, bool &Extracted)
      : Api(Api), Out(Out), Extracted(Extracted) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, StringRef) override {
    return std::make_unique<FactsConsumer>(Api, Out, Extracted);
  }

private:
  const ApiModel &Api;
  TranslationUnitFacts &Out;
  bool &Extracted;
};

class FactsActionFactory : public FrontendActionFactory {
public:
  FactsActionFactory(const ApiModel &Api, TranslationUnitFacts &Out, bool &Extracted)
      : Api(Api), Out(Out), Extracted(Extracted) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<FactsAction>(Api, Out, Extracted);
  }

private:
  const ApiModel &Api;
  TranslationUnitFacts &Out;
  bool &Extracted;
};

// Hashes of files already read in this run, so each header is hashed once when many
// cached TUs include it.
class InputHashCache {
public:
  std::optional<uint64_t> hash(const std::string &Path) {
    {
      std::lock_guard<std::mutex> L(Mu);
      auto It = Hashes.find(Path);
      if (It != Hashes.end())
        return It->second;
    }
    auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    std::optional<uint64_t> H;
    if (Buf)
      H = llvm::xxh3_64bits((*Buf)->getBuffer());
    std::lock_guard<std::mutex> L(Mu);
    Hashes[Path] = H;
    return H;
  }

private:
  std::mutex Mu;
  std::map<std::string, std::optional<uint64_t>> Hashes;
};

std::string factsPathFor(const std::string &Dir, const std::string &Hash,
                         const std::string &File) {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, llvm::sys::path::filename(File) + "." + Hash + ".facts.json");
  return std::string(P);
}

} // namespace

bool isCOrCxxSource(llvm::StringRef File) {
  llvm::StringRef Ext = llvm::sys::path::extension(File);
  // .C and .H are C++ on case-sensitive file systems.
  static const char *const Known[] = {".c", ".cc", ".cpp", ".cxx", ".c++", ".cp", ".C",
                                      ".i", ".ii", ".h", ".hh", ".hpp", ".hxx", ".H",
                                      ".inl", ".ipp", ".tcc"};
  return llvm::is_contained(Known, Ext) || llvm::is_contained(Known, Ext.lower());
}

std::vector<std::string> adjustCommand(const std::vector<std::string> &CommandLine,
                                       llvm::StringRef File, const std::string &ResourceDir,
                                       std::vector<std::string> &Dropped) {
  ArgumentsAdjuster Adjust = combineAdjusters(
      getClangStripOutputAdjuster(),
      combineAdjusters(getClangStripDependencyFileAdjuster(), getClangSyntaxOnlyAdjuster()));
  std::vector<std::string> Args = Adjust(CommandLine, File);
  // A database written for GCC carries flags Clang rejects as unknown arguments; they
  // only tune code generation, so drop them as clangd does rather than fail the TU.
  if (Args.size() > 1) {
    const llvm::opt::OptTable &Table = driver::getDriverOptTable();
    std::vector<const char *> Argv;
    for (size_t I = 1; I < Args.size(); ++I)
      Argv.push_back(Args[I].c_str());
    unsigned MissingIndex = 0, MissingCount = 0;
    llvm::opt::InputArgList Parsed =
        Table.ParseArgs(Argv, MissingIndex, MissingCount,
                        llvm::opt::Visibility(driver::options::ClangOption));
    std::vector<bool> Drop(Args.size());
    for (const llvm::opt::Arg *A : Parsed.filtered(driver::options::OPT_UNKNOWN)) {
      Drop[A->getIndex() + 1] = true;
      Dropped.push_back(A->getAsString(Parsed));
    }
    if (!Dropped.empty()) {
      std::vector<std::string> Kept;
      for (size_t I = 0; I < Args.size(); ++I)
        if (!Drop[I])
          Kept.push_back(std::move(Args[I]));
      Args.swap(Kept);
    }
  }
  // Only our analysis reads the AST: compiler warnings would be noise, and a -Werror
  // in the build must not turn them into a failed parse.
  // -fno-caret-diagnostics also silences Clang's own "N errors generated." line: the
  // TU's first error is reported in one line of ours.
  // GCC accepts with a warning what Clang rejects by default (old C without
  // prototypes, `"%"PRIu64` in C++11), and the database was written for GCC: `-w`
  // leaves such errors on.
  std::vector<std::string> Extra = {"-w", "-Wno-error", "-Qunused-arguments",
                                    "-fno-color-diagnostics", "-fno-caret-diagnostics",
                                    "-Wno-implicit-function-declaration",
                                    "-Wno-implicit-int", "-Wno-int-conversion",
                                    "-Wno-incompatible-function-pointer-types",
                                    "-Wno-reserved-user-defined-literal"};
  if (!ResourceDir.empty())
    Extra.push_back("-resource-dir=" + ResourceDir);
  Args.insert(Args.begin() + std::min<size_t>(1, Args.size()), Extra.begin(), Extra.end());
  return Args;
}

bool parseShard(const std::string &Text, unsigned &Index, unsigned &Count) {
  llvm::StringRef I, N;
  std::tie(I, N) = llvm::StringRef(Text).split('/');
  if (I.empty() || N.empty() || I.getAsInteger(10, Index) || N.getAsInteger(10, Count))
    return false;
  return Count >= 1 && Index >= 1 && Index <= Count;
}

std::string commandHash(const std::string &Directory, const std::string &File,
                        const std::vector<std::string> &CommandLine) {
  std::string Key = Directory + '\0' + File;
  for (const std::string &A : CommandLine)
    Key += '\0' + A;
  return llvm::utohexstr(llvm::xxh3_64bits(Key), /*LowerCase=*/true);
}

AnalyzeResult analyzeTranslationUnits(const AnalyzeOptions &Opts, const ApiModel &Api) {
  AnalyzeResult R;
  std::unique_ptr<CompilationDatabase> Db;
  std::string Err;
  if (!Opts.BuildPath.empty()) {
    llvm::SmallString<256> DbFile(Opts.BuildPath);
    // -p names a build directory, or the database file itself.
    if (!llvm::sys::fs::is_regular_file(DbFile))
      llvm::sys::path::append(DbFile, "compile_commands.json");
    if (!llvm::sys::fs::exists(DbFile)) {
      R.Errors.push_back("no compile database: '" + std::string(DbFile) +
                         "' does not exist (configure with "
                         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or run the build under bear)");
      R.Fatal = true;
      return R;
    }
    // Clang's reader parses it as YAML, recursively: refuse absurd nesting first.
    if (auto Text = llvm::MemoryBuffer::getFile(DbFile))
      if (std::string Deep = jsonNestingError((*Text)->getBuffer()); !Deep.empty()) {
        R.Errors.push_back("cannot read compile database '" + std::string(DbFile) +
                           "': " + Deep);
        R.Fatal = true;
        return R;
      }
    Db = JSONCompilationDatabase::loadFromFile(DbFile, Err,
                                               JSONCommandLineSyntax::AutoDetect);
    if (!Db) {
      llvm::StringRef First = llvm::StringRef(Err).split('\n').first;
      R.Errors.push_back("cannot read compile database '" + std::string(DbFile) +
                         "': " + First.str());
      R.Fatal = true;
      return R;
    }
  } else if (Opts.HasFixedFlags) {
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    Db = std::make_unique<FixedCompilationDatabase>(Cwd, Opts.ExtraFlags);
  } else {
    R.Errors.push_back("no compile database: give -p BUILD_DIR (with "
                       "compile_commands.json) or source files followed by -- FLAGS");
    R.Fatal = true;
    return R;
  }

  std::vector<CompileCommand> Commands;
  if (Opts.Sources.empty()) {
    Commands = Db->getAllCompileCommands();
    if (Commands.empty()) {
      R.Errors.push_back("the compile database lists no translation units: nothing to "
                         "analyze");
      R.Fatal = true;
      return R;
    }
  } else {
    for (const std::string &Src : Opts.Sources) {
      llvm::SmallString<256> Abs(Src);
      llvm::sys::fs::make_absolute(Abs);
      if (!llvm::sys::fs::exists(Abs)) {
        R.Errors.push_back(Src + ": no such file");
        ++R.Total;
        continue;
      }
      std::vector<CompileCommand> Found = Db->getCompileCommands(Abs);
      if (Found.empty()) {
        R.Errors.push_back(Src + ": not in the compile database");
        ++R.Total;
        continue;
      }
      Commands.insert(Commands.end(), Found.begin(), Found.end());
    }
  }
  if (!Opts.Exclude.empty()) {
    llvm::Regex Re(Opts.Exclude);
    std::string ReErr;
    if (!Re.isValid(ReErr)) {
      R.Errors.push_back("--exclude: invalid regular expression: " + ReErr);
      R.Fatal = true;
      return R;
    }
    llvm::erase_if(Commands, [&](const CompileCommand &C) { return Re.match(C.Filename); });
  }
  // A shard is every N-th command of the database in its own order, so that the
  // shards of one database never overlap and together cover it.
  if (Opts.ShardCount > 1) {
    std::vector<CompileCommand> Mine;
    for (size_t I = 0; I < Commands.size(); ++I)
      if (I % Opts.ShardCount == Opts.ShardIndex - 1)
        Mine.push_back(Commands[I]);
    Commands.swap(Mine);
  }
  // Assembler and other languages in the database are not ours to parse.
  {
    std::map<std::string, unsigned> SkippedByExt;
    llvm::erase_if(Commands, [&](const CompileCommand &C) {
      if (isCOrCxxSource(C.Filename))
        return false;
      ++R.Skipped;
      ++SkippedByExt[llvm::sys::path::extension(C.Filename).str()];
      return true;
    });
    if (R.Skipped) {
      std::string Kinds;
      for (const auto &[Ext, N] : SkippedByExt)
        Kinds += (Kinds.empty() ? "" : ", ") + std::to_string(N) + " " +
                 (Ext.empty() ? std::string("without extension") : Ext);
      R.Notes.push_back("skipped " + std::to_string(R.Skipped) +
                        " database entries that are not C or C++ (" + Kinds + ")");
    }
  }
  R.Total += Commands.size();
  if (!Opts.FactsDir.empty())
    if (std::error_code EC = llvm::sys::fs::create_directories(Opts.FactsDir)) {
      R.Errors.push_back("cannot create facts directory '" + Opts.FactsDir +
                         "': " + EC.message());
      R.Fatal = true;
      return R;
    }

  std::vector<std::optional<TranslationUnitFacts>> Results(Commands.size());
  std::vector<std::string> TUErrors(Commands.size());
  std::vector<bool> WasReused(Commands.size());
  std::vector<std::vector<std::string>> DroppedFlags(Commands.size());
  InputHashCache Hashes;
  Progress Shown(Opts.Progress, Commands.size());
  auto AnalyzeOne = [&](size_t I) {
    const CompileCommand &Cmd = Commands[I];
    std::vector<std::string> Args =
        adjustCommand(Cmd.CommandLine, Cmd.Filename, Opts.ResourceDir, DroppedFlags[I]);
    // The key covers what decides the facts besides the inputs: the command, the lock
    // API models and the format.
    std::vector<std::string> KeyArgs = Args;
    KeyArgs.push_back("lockgraph-api=" + llvm::utohexstr(Api.contentHash()));
    KeyArgs.push_back("lockgraph-facts=" + std::to_string(FactsFormatVersion));
    std::string Hash = commandHash(Cmd.Directory, Cmd.Filename, KeyArgs);
    std::string FactsPath;
    llvm::SmallString<256> MainFile(Cmd.Filename);
    llvm::sys::fs::make_absolute(Cmd.Directory, MainFile);
    llvm::sys::path::remove_dots(MainFile, true);
    if (!Opts.FactsDir.empty()) {
      FactsPath = factsPathFor(Opts.FactsDir, Hash, std::string(MainFile));
      if (llvm::sys::fs::exists(FactsPath)) {
        auto Cached = readFactsFile(FactsPath);
        if (Cached && Cached->CommandHash == Hash &&
            llvm::all_of(Cached->Inputs, [&](const InputFile &In) {
              return Hashes.hash(In.Path) == In.Hash;
            })) {
          Results[I] = std::move(*Cached);
          WasReused[I] = true;
        } else if (!Cached) {
          llvm::consumeError(Cached.takeError()); // a stale or torn cache entry: redo it
        }
      }
    }
    if (!Results[I]) {
      if (!llvm::sys::fs::exists(MainFile)) {
        TUErrors[I] = std::string(MainFile) + ": no such file";
      } else {
        TranslationUnitFacts TU;
        TU.MainFile = std::string(MainFile);
        TU.CommandHash = Hash;
        bool Extracted = false;
        // A physical file system of its own per TU: its working directory is the
        // command's, without touching the process's (other threads share it).
        llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
            llvm::vfs::createPhysicalFileSystem().release());
        FS->setCurrentWorkingDirectory(Cmd.Directory);
        auto Files = llvm::makeIntrusiveRefCnt<FileManager>(FileSystemOptions(), FS);
        FactsActionFactory Factory(Api, TU, Extracted);
        FirstErrorConsumer Diags;
        ToolInvocation Invocation(Args, &Factory, Files.get(),
                                  std::make_shared<PCHContainerOperations>());
        Invocation.setDiagnosticConsumer(&Diags);
        bool Ok = Invocation.run();
        if (Extracted) {
          Results[I] = std::move(TU);
          if (!FactsPath.empty())
            if (llvm::Error E = writeFactsFile(FactsPath, *Results[I]))
              TUErrors[I] = llvm::toString(std::move(E));
        } else {
          TUErrors[I] = std::string(MainFile) + ": " +
                        (Diags.First.empty()
                             ? std::string(Ok ? "no AST was produced"
                                              : "the compiler could not run this command")
                             : Diags.First);
        }
      }
    }
    Shown.done(Cmd.Filename);
  };

  unsigned Jobs = Opts.Jobs ? Opts.Jobs : llvm::hardware_concurrency().compute_thread_count();
  if (Jobs <= 1 || Commands.size() <= 1) {
    for (size_t I = 0; I < Commands.size(); ++I)
      AnalyzeOne(I);
  } else {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
    for (size_t I = 0; I < Commands.size(); ++I)
      Pool.async([&, I] { AnalyzeOne(I); });
    Pool.wait();
  }

  std::map<std::string, unsigned> Dropped;
  for (const std::vector<std::string> &Flags : DroppedFlags)
    for (const std::string &F : std::set<std::string>(Flags.begin(), Flags.end()))
      ++Dropped[F];
  for (const auto &[Flag, N] : Dropped)
    R.Notes.push_back("dropped '" + Flag + "', which Clang does not know, from " +
                      std::to_string(N) + " compile command" + (N == 1 ? "" : "s"));
  for (size_t I = 0; I < Commands.size(); ++I) {
    if (!TUErrors[I].empty())
      R.Errors.push_back(TUErrors[I]);
    if (Results[I]) {
      ++R.Analyzed;
      R.Reused += WasReused[I];
      R.Facts.push_back(std::move(*Results[I]));
    }
  }
  return R;
}

} // namespace lockgraph
