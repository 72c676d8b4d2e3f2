#include "LockStats.h"

#include "Arena.h"

namespace lockgraph {
namespace rt {

SiteStat *SiteStats::table() {
  SiteStat *S = __atomic_load_n(&Slots, __ATOMIC_ACQUIRE);
  if (S)
    return S;
  SiteStat *New = static_cast<SiteStat *>(pageAlloc(kSlots * sizeof(SiteStat)));
  if (!New)
    return nullptr;
  if (__atomic_compare_exchange_n(&Slots, &S, New, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return New;
  pageFree(New, kSlots * sizeof(SiteStat));
  return S;
}

void SiteStats::clear() {
  if (SiteStat *S = __atomic_load_n(&Slots, __ATOMIC_ACQUIRE))
    for (size_t I = 0; I < kSlots; ++I)
      S[I] = SiteStat{};
  Dropped = 0;
}

void SiteStats::add(uint32_t Node, uint32_t Stack, uint64_t WaitNs) {
  SiteStat *S = table();
  const uint64_t Key = uint64_t(Node) << 32 | Stack;
  if (!S || !Node) {
    __atomic_add_fetch(&Dropped, 1, __ATOMIC_RELAXED);
    return;
  }
  // Fibonacci hashing of the key, then linear probing.
  size_t I = size_t((Key * 0x9E3779B97F4A7C15ull) >> 51) & (kSlots - 1);
  for (size_t Probe = 0; Probe < kSlots; ++Probe, I = (I + 1) & (kSlots - 1)) {
    uint64_t Cur = __atomic_load_n(&S[I].Key, __ATOMIC_ACQUIRE);
    if (Cur == 0 && __atomic_compare_exchange_n(&S[I].Key, &Cur, Key, false,
                                                __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      Cur = Key;
    if (Cur != Key)
      continue;
    __atomic_add_fetch(&S[I].Count, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&S[I].WaitNs, WaitNs, __ATOMIC_RELAXED);
    atomicMax(&S[I].MaxWaitNs, WaitNs);
    return;
  }
  __atomic_add_fetch(&Dropped, 1, __ATOMIC_RELAXED);
}

} // namespace rt
} // namespace lockgraph
