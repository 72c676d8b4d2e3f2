// Suppressions: the file is read whole into pageAlloc'd memory and parsed in place
// (lines and fields are NUL-terminated where they stand), so entries are two
// pointers and nothing is copied. Glob matching follows fnmatch(3) without flags
// (the report side's matcher) but is our own, since glibc's may allocate: the
// two-pointer algorithm with backtracking to the last '*', O(|glob| * |text|) at
// worst, no recursion, no memory.
#include "Suppressions.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "Arena.h"
#include "Decimal.h"

namespace lockgraph {
namespace rt {

namespace {

// Builds a message from pieces into a fixed buffer (truncating) and reports it.
class Message {
public:
  Message &add(const char *S) {
    while (*S && N + 1 < sizeof(Buf))
      Buf[N++] = *S++;
    Buf[N] = 0;
    return *this;
  }
  Message &add(const char *S, size_t L) {
    for (size_t I = 0; I < L && N + 1 < sizeof(Buf); ++I)
      Buf[N++] = S[I];
    Buf[N] = 0;
    return *this;
  }
  Message &num(size_t V) { return add(decimal(V).Text); }
  void send(SuppressionErrorFn OnError, void *Ctx) {
    if (OnError)
      OnError(Buf, Ctx);
  }

private:
  char Buf[512] = {};
  size_t N = 0;
};

// strerror(3) may allocate (translations); these are the errors open(2) gives for a
// suppressions path in practice.
const char *errnoText(int E) {
  switch (E) {
  case ENOENT:
    return "no such file";
  case EACCES:
    return "permission denied";
  case EISDIR:
    return "is a directory";
  case ENOTDIR:
    return "a path component is not a directory";
  case ENAMETOOLONG:
    return "name too long";
  case ELOOP:
    return "too many symbolic links";
  case ENOMEM:
    return "out of memory";
  default:
    return nullptr;
  }
}

void reportFileError(SuppressionErrorFn OnError, void *Ctx, const char *Path,
                     const char *What, int E) {
  Message M;
  M.add("suppressions ").add(Path).add(": ").add(What);
  if (E) {
    M.add(": ");
    if (const char *T = errnoText(E))
      M.add(T);
    else
      M.add("errno ").num(static_cast<size_t>(E));
  }
  M.send(OnError, Ctx);
}

bool isSpace(char C) { return C == ' ' || C == '\t' || C == '\r' || C == '\v' || C == '\f'; }

// Trims [B, E) in place; returns the new length.
size_t trim(char *&B, char *E) {
  while (B < E && isSpace(*B))
    ++B;
  while (E > B && isSpace(E[-1]))
    --E;
  return static_cast<size_t>(E - B);
}

// Rule ids are lower-case words with '-'; the rule field is a glob over them.
bool isRuleChar(char C) {
  return (C >= 'a' && C <= 'z') || (C >= '0' && C <= '9') || C == '-' || C == '*' ||
         C == '?' || C == '[' || C == ']' || C == '!';
}

} // namespace

namespace {

// Matches the one pattern element at G ('?', '\x', a bracket expression or a plain
// byte) against C; *Next is set past the element. fnmatch(3) without flags is the
// model: '[' that is never closed is a plain '['.
bool matchElement(const char *G, char C, const char **Next) {
  if (*G == '?') {
    *Next = G + 1;
    return true;
  }
  if (*G == '\\') {
    // A trailing backslash escapes nothing: fnmatch(3) then matches nothing.
    *Next = G[1] ? G + 2 : G + 1;
    return G[1] && C == G[1];
  }
  if (*G == '[') {
    const char *P = G + 1;
    bool Negate = *P == '!' || *P == '^';
    if (Negate)
      ++P;
    bool In = false;
    bool First = true; // a ']' right after '[' or '[!' is a member
    for (; *P && (First || *P != ']'); First = false) {
      char Lo = *P++;
      if (Lo == '\\' && *P)
        Lo = *P++;
      char Hi = Lo;
      if (P[0] == '-' && !P[1])
        return false; // "[a-" at the end: glibc's fnmatch matches nothing here
      if (P[0] == '-' && P[1] && P[1] != ']') {
        Hi = P[1];
        P += 2;
        if (Hi == '\\' && *P)
          Hi = *P++;
      }
      unsigned char U = static_cast<unsigned char>(C);
      if (U >= static_cast<unsigned char>(Lo) && U <= static_cast<unsigned char>(Hi))
        In = true;
    }
    if (*P == ']') {
      *Next = P + 1;
      return In != Negate;
    }
    // Unclosed: fall through and match '[' literally.
  }
  *Next = G + 1;
  return C == *G;
}

} // namespace

bool Suppressions::globMatch(const char *Glob, const char *Text) {
  const char *G = Glob, *T = Text;
  const char *StarG = nullptr, *StarT = nullptr; // resume point after the last '*'
  while (*T) {
    const char *Next;
    if (*G == '*') {
      StarG = ++G;
      StarT = T;
    } else if (*G && matchElement(G, *T, &Next)) {
      G = Next;
      ++T;
    } else if (StarG) {
      // Let the last '*' swallow one more byte and retry from there.
      G = StarG;
      T = ++StarT;
    } else {
      return false;
    }
  }
  while (*G == '*')
    ++G;
  return *G == 0;
}

bool Suppressions::matches(const char *Rule, const char *Text) const {
  if (!Rule || !Text)
    return false;
  for (size_t I = 0; I < Count; ++I) {
    const Entry &E = Entries[I];
    if (globMatch(E.Rule, Rule) && globMatch(E.Glob, Text))
      return true;
  }
  return false;
}

void Suppressions::release() {
  for (size_t I = 0; I < NumTexts; ++I)
    pageFree(Texts[I], TextCaps[I]);
  NumTexts = 0;
  if (Entries)
    pageFree(Entries, Cap * sizeof(Entry));
  Entries = nullptr;
  Cap = Count = 0;
}

bool Suppressions::load(const char *Path, SuppressionErrorFn OnError, void *Ctx) {
  int Fd = ::open(Path, O_RDONLY | O_CLOEXEC);
  if (Fd < 0) {
    reportFileError(OnError, Ctx, Path, "cannot open", errno);
    return false;
  }
  // Read it whole; one byte stays free for the terminating NUL. The buffer is never
  // freed: entries point into it.
  char *Text = nullptr;
  size_t TextCap = 0, Len = 0;
  for (;;) {
    if (!growArray(Text, TextCap, Len + 4096)) {
      ::close(Fd);
      reportFileError(OnError, Ctx, Path, "out of memory reading the file", 0);
      return false;
    }
    ssize_t N = ::read(Fd, Text + Len, TextCap - Len - 1);
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0) {
      int E = errno;
      ::close(Fd);
      reportFileError(OnError, Ctx, Path, "cannot read", E);
      return false;
    }
    if (N == 0)
      break;
    Len += static_cast<size_t>(N);
  }
  ::close(Fd);
  Text[Len] = 0;
  if (NumTexts < kMaxTexts) {
    Texts[NumTexts] = Text;
    TextCaps[NumTexts++] = TextCap;
  }

  char *P = Text, *End = Text + Len;
  for (size_t Line = 1; P < End; ++Line) {
    char *Eol = static_cast<char *>(memchr(P, '\n', static_cast<size_t>(End - P)));
    if (!Eol)
      Eol = End;
    char *B = P;
    P = Eol + 1;
    size_t L = trim(B, Eol);
    if (L == 0 || B[0] == '#')
      continue;

    auto Bad = [&](const char *Why) {
      Message M;
      M.add("suppressions ").add(Path).add(":").num(Line).add(": ").add(Why);
      M.add(": '").add(B, L > 80 ? 80 : L).add(L > 80 ? "...'" : "'");
      M.send(OnError, Ctx);
    };
    char *Colon = static_cast<char *>(memchr(B, ':', L));
    if (!Colon) {
      Bad("expected '<rule-id>:<glob>'");
      continue;
    }
    char *Rule = B, *Glob = Colon + 1;
    size_t RuleLen = trim(Rule, Colon);
    size_t GlobLen = trim(Glob, B + L);
    if (RuleLen == 0) {
      Bad("empty rule id");
      continue;
    }
    if (GlobLen == 0) {
      Bad("empty pattern");
      continue;
    }
    // Ids are printed as "lockgraph-<id>"; accept what users copy from a report.
    const size_t PrefixLen = 10;
    if (RuleLen > PrefixLen && memcmp(Rule, "lockgraph-", PrefixLen) == 0) {
      Rule += PrefixLen;
      RuleLen -= PrefixLen;
    }
    bool RuleOk = true;
    for (size_t I = 0; I < RuleLen; ++I)
      RuleOk = RuleOk && isRuleChar(Rule[I]);
    if (!RuleOk) {
      Bad("rule id must be lower-case letters, digits, '-' and glob characters");
      continue;
    }
    if (!growArray(Entries, Cap, Count + 1)) {
      Bad("out of memory, suppression dropped");
      return false;
    }
    Rule[RuleLen] = 0; // the ':' or trailing whitespace
    Glob[GlobLen] = 0; // trailing whitespace, the '\n' or the final NUL
    Entries[Count++] = Entry{Rule, Glob};
  }
  return true;
}

} // namespace rt
} // namespace lockgraph
