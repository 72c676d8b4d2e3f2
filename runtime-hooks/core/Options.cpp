#include "Options.h"

#include "Decimal.h"

namespace lockgraph {
namespace rt {

namespace {

size_t strLen(const char *S) {
  size_t N = 0;
  while (S[N])
    ++N;
  return N;
}

bool keyIs(const char *Key, size_t Len, const char *Name) {
  size_t N = strLen(Name);
  if (N != Len)
    return false;
  for (size_t I = 0; I < N; ++I)
    if (Key[I] != Name[I])
      return false;
  return true;
}

bool parseInt(const char *V, size_t Len, int &Out) {
  if (Len == 0)
    return false;
  size_t I = 0;
  bool Neg = false;
  if (V[0] == '-' || V[0] == '+') {
    Neg = V[0] == '-';
    I = 1;
    if (Len == 1)
      return false;
  }
  long long R = 0;
  for (; I < Len; ++I) {
    if (V[I] < '0' || V[I] > '9')
      return false;
    R = R * 10 + (V[I] - '0');
    if (R > 0x7fffffffLL)
      return false;
  }
  Out = static_cast<int>(Neg ? -R : R);
  return true;
}

bool parseBool(const char *V, size_t Len, bool &Out) {
  if (keyIs(V, Len, "1") || keyIs(V, Len, "true") || keyIs(V, Len, "yes")) {
    Out = true;
    return true;
  }
  if (keyIs(V, Len, "0") || keyIs(V, Len, "false") || keyIs(V, Len, "no")) {
    Out = false;
    return true;
  }
  return false;
}

bool parseStr(const char *V, size_t Len, char *Out) {
  if (Len >= kMaxOptionString)
    return false;
  for (size_t I = 0; I < Len; ++I)
    Out[I] = V[I];
  Out[Len] = 0;
  return true;
}

// "-12" into Buf (16 bytes are enough).
void fmtInt(int V, char *Buf) {
  Decimal D = decimal(V < 0 ? 0u - static_cast<unsigned>(V) : static_cast<unsigned>(V));
  if (V < 0)
    *Buf++ = '-';
  __builtin_memcpy(Buf, D.Text, D.Length + 1);
}

// What each Int option accepts; a value outside is refused (the option keeps its
// default) rather than clamped, so a typo is seen.
struct IntRange {
  const char *Name;
  int Min, Max;
};
constexpr int kBig = 0x7fffffff;
constexpr IntRange kIntRanges[] = {
    {"exitcode", 0, 255},           {"stack_depth", 1, kMaxStackDepth},
    {"verbosity", 0, 3},            {"deadlock_timeout", 1, 86400},
    {"busy_wait_rounds", 2, kBig},  {"poll_rounds", 2, kBig},
    {"busy_wait_ms", 0, kBig},      {"busy_wait_interval_ms", 1, kBig},
    {"spin_ms", 0, kBig},           {"livelock_rounds", 2, kBig},
    {"starvation_ms", 1, kBig},     {"starvation_overtakes", 1, kBig},
};

const IntRange *rangeOf(const char *Name) {
  for (const IntRange &R : kIntRanges)
    if (keyIs(Name, strLen(Name), R.Name))
      return &R;
  return nullptr;
}

// Parses an Int option's value, in its range.
bool parseIntOption(const char *Name, const char *V, size_t Len, int &Out) {
  int X;
  if (!parseInt(V, Len, X))
    return false;
  if (const IntRange *R = rangeOf(Name); R && (X < R->Min || X > R->Max))
    return false;
  Out = X;
  return true;
}

bool isSep(char C) { return C == ':' || C == ',' || C == ' ' || C == '\t' || C == '\n'; }

// Builds "<what> '<key>'" into Buf, with "='<value>'" and the option's range when a
// value is given.
void report(OptionErrorFn OnError, void *Ctx, const char *What, const char *Key,
            size_t Len, const char *Val = nullptr, size_t ValLen = 0) {
  if (!OnError)
    return;
  char Buf[240];
  size_t N = 0;
  auto Put = [&](const char *S, size_t L) {
    for (size_t I = 0; I < L && N + 1 < sizeof(Buf); ++I)
      Buf[N++] = S[I];
  };
  auto PutInt = [&](int V) {
    char T[16];
    fmtInt(V, T);
    Put(T, strLen(T));
  };
  Put(What, strLen(What));
  Put(" '", 2);
  Put(Key, Len);
  Put("'", 1);
  if (Val) {
    Put(" = '", 4);
    Put(Val, ValLen > 64 ? 64 : ValLen);
    Put("'", 1);
    char Name[64];
    size_t NL = Len < sizeof(Name) - 1 ? Len : sizeof(Name) - 1;
    for (size_t I = 0; I < NL; ++I)
      Name[I] = Key[I];
    Name[NL] = 0;
    if (const IntRange *R = rangeOf(Name)) {
      Put(" (", 2);
      PutInt(R->Min);
      if (R->Max == kBig) {
        Put(" or more)", 9);
      } else {
        Put("..", 2);
        PutInt(R->Max);
        Put(")", 1);
      }
    }
  }
  Buf[N] = 0;
  OnError(Buf, Ctx);
}

} // namespace

int parseOptions(const char *Text, Options &Opts, OptionErrorFn OnError, void *Ctx) {
  if (!Text)
    return 0;
  int Errors = 0;
  const char *P = Text;
  while (*P) {
    while (*P && isSep(*P))
      ++P;
    if (!*P)
      break;
    const char *Key = P;
    while (*P && *P != '=' && !isSep(*P))
      ++P;
    size_t KeyLen = static_cast<size_t>(P - Key);
    if (*P != '=') {
      report(OnError, Ctx, "option without a value:", Key, KeyLen);
      ++Errors;
      continue;
    }
    ++P;
    const char *Val = P;
    // Values may be quoted to hold separators: log_path='/tmp/a b'.
    size_t ValLen;
    if (*P == '\'' || *P == '"') {
      char Q = *P++;
      Val = P;
      while (*P && *P != Q)
        ++P;
      ValLen = static_cast<size_t>(P - Val);
      if (*P)
        ++P;
    } else {
      while (*P && !isSep(*P))
        ++P;
      ValLen = static_cast<size_t>(P - Val);
    }
    bool Known = false, Ok = false;
#define LG_PARSE_Int(name) Ok = parseIntOption(#name, Val, ValLen, Opts.name);
#define LG_PARSE_Bool(name) Ok = parseBool(Val, ValLen, Opts.name);
#define LG_PARSE_Str(name) Ok = parseStr(Val, ValLen, Opts.name);
#define LG_PARSE(type, name, def, help)                                                \
  if (!Known && keyIs(Key, KeyLen, #name)) {                                           \
    Known = true;                                                                      \
    LG_PARSE_##type(name)                                                              \
  }
    LOCKGRAPH_OPTION_LIST(LG_PARSE)
#undef LG_PARSE
#undef LG_PARSE_Int
#undef LG_PARSE_Bool
#undef LG_PARSE_Str
    if (!Known) {
      report(OnError, Ctx, "unknown option", Key, KeyLen);
      ++Errors;
    } else if (!Ok) {
      report(OnError, Ctx, "bad value for option", Key, KeyLen, Val, ValLen);
      ++Errors;
    }
  }
  return Errors;
}


void printOptionHelp(OptionTextFn Out, void *Ctx) {
  char Num[16];
  Out("lockgraph runtime options (LOCKGRAPH_OPTIONS=key=value:key=value):\n", Ctx);
#define LG_DEF_Int(def) (fmtInt(def, Num), Num)
#define LG_DEF_Bool(def) ((def) ? "1" : "0")
#define LG_DEF_Str(def) (def)
#define LG_HELP(type, name, def, help)                                                 \
  Out("  " #name "=", Ctx);                                                            \
  Out(LG_DEF_##type(def), Ctx);                                                        \
  Out("\n      " help "\n", Ctx);
  LOCKGRAPH_OPTION_LIST(LG_HELP)
#undef LG_HELP
#undef LG_DEF_Int
#undef LG_DEF_Bool
#undef LG_DEF_Str
}

} // namespace rt
} // namespace lockgraph
