// A number's decimal digits for the runtime's text (trace records, file names, /proc
// paths, messages). Not snprintf: the library formats numbers inside interceptors and
// signal handlers, where libc's formatted output is not async-signal-safe and may take
// locks of its own. One place for what each writer used to do by hand.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace lockgraph {
namespace rt {

struct Decimal {
  char Text[21]; // the 20 digits of UINT64_MAX and a NUL
  size_t Length;
};

inline Decimal decimal(uint64_t V) {
  Decimal D;
  char Reversed[20];
  size_t N = 0;
  do {
    Reversed[N++] = static_cast<char>('0' + V % 10);
    V /= 10;
  } while (V);
  D.Length = N;
  for (size_t I = 0; I < N; ++I)
    D.Text[I] = Reversed[N - 1 - I];
  D.Text[N] = 0;
  return D;
}

} // namespace rt
} // namespace lockgraph
