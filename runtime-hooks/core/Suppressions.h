// Suppressions: the runtime's `<rule-id>:<glob>` file. A finding is suppressed when
// some line's rule matches the finding's rule and its glob matches one of the texts
// the runtime checks (each frame's function name from dladdr, and its module path).
//
// File syntax, one suppression per line:
//     # comment                   (whole line; blank lines are ignored too)
//     double-lock:*MyLegacyPool*  (rule id, ':', glob; whitespace around both trimmed)
//     *:libthirdparty.so*         (the rule field is a glob too: '*' is every rule)
//     lockgraph-bad-unlock:foo    (the "lockgraph-" prefix of printed ids is accepted)
// Globs follow fnmatch(3) without flags, like `lockgraph report`'s suppressions, and
// match the whole text: '*' any run of bytes ('/' included), '?' one byte,
// '[a-z]'/'[!a-z]' one byte of (not of) a set, '\x' the byte x. The glob is
// everything after the first ':', so C++ names with "::" need no quoting.
//
// Contract: libc only, no malloc (file text and entries live in pageAlloc'd memory
// until exit), no locking inside: callers serialize load() against matches();
// matches() is const and may run concurrently with other matches() calls.
#pragma once

#include <cstddef>

namespace lockgraph {
namespace rt {

// Called with one NUL-terminated message per problem, e.g.
// "suppressions /path/file:3: expected '<rule-id>:<glob>'".
using SuppressionErrorFn = void (*)(const char *Message, void *Ctx);

class Suppressions {
public:
  // Reads Path and adds its suppressions to those already loaded. Malformed lines
  // are reported (one message each, with the line number) and skipped. Returns false
  // only when the file cannot be read (one message) or memory is exhausted.
  bool load(const char *Path, SuppressionErrorFn OnError, void *Ctx);
  // True when a suppression whose rule glob matches Rule has a glob matching Text.
  bool matches(const char *Rule, const char *Text) const;
  size_t size() const { return Count; }
  // Returns the memory (the runtime keeps its suppressions for the process's life; a
  // test or a fuzzer loading many does not).
  void release();

  // The glob matcher itself (whole-text), exposed for tests.
  static bool globMatch(const char *Glob, const char *Text);

private:
  struct Entry {
    const char *Rule; // NUL-terminated globs, inside a file buffer
    const char *Glob;
  };
  Entry *Entries; // zero-initialized: an empty set
  size_t Cap;
  size_t Count;
  static constexpr size_t kMaxTexts = 8; // files whose text release() frees
  char *Texts[kMaxTexts];
  size_t TextCaps[kMaxTexts];
  size_t NumTexts;
};

} // namespace rt
} // namespace lockgraph
