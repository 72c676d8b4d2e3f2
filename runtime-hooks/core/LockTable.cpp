#include "LockTable.h"

#include "Arena.h"

namespace lockgraph {
namespace rt {

static size_t hashAddr(uintptr_t A) {
  uint64_t X = static_cast<uint64_t>(A);
  X ^= X >> 33;
  X *= 0xff51afd7ed558ccdULL;
  X ^= X >> 33;
  return static_cast<size_t>(X);
}

bool LockTable::rehash(size_t NewCap) {
  LockInfo *New = static_cast<LockInfo *>(pageAlloc(NewCap * sizeof(LockInfo)));
  if (!New)
    return false;
  for (size_t I = 0; I < Cap; ++I) {
    if (!Slots[I].Addr)
      continue;
    size_t H = hashAddr(Slots[I].Addr) & (NewCap - 1);
    while (New[H].Addr)
      H = (H + 1) & (NewCap - 1);
    New[H] = Slots[I];
  }
  if (Slots)
    pageFree(Slots, Cap * sizeof(LockInfo));
  Slots = New;
  Cap = NewCap;
  return true;
}

LockInfo *LockTable::slot(uintptr_t Addr, bool Create) {
  if (Create && (Used + 1) * 2 > Cap && !rehash(Cap ? Cap * 2 : 1024) && Used + 1 >= Cap)
    return nullptr;
  if (!Cap)
    return nullptr;
  size_t H = hashAddr(Addr) & (Cap - 1);
  while (Slots[H].Addr) {
    if (Slots[H].Addr == Addr)
      return &Slots[H];
    H = (H + 1) & (Cap - 1);
  }
  if (!Create)
    return nullptr;
  Slots[H].Addr = Addr;
  Slots[H].Node = 0;
  Slots[H].Generation = 0;
  ++Used;
  return &Slots[H];
}

uint32_t LockTable::lookupOrCreate(uintptr_t Addr, uint32_t *Gen) {
  LockInfo *S = slot(Addr, true);
  if (!S)
    return 0;
  if (!S->Node) {
    if (!NextNode)
      NextNode = 1;
    S->Node = NextNode++;
  }
  if (Gen)
    *Gen = S->Generation;
  return S->Node;
}

uint32_t LockTable::find(uintptr_t Addr) const {
  if (!Cap)
    return 0;
  size_t H = hashAddr(Addr) & (Cap - 1);
  while (Slots[H].Addr) {
    if (Slots[H].Addr == Addr)
      return Slots[H].Node;
    H = (H + 1) & (Cap - 1);
  }
  return 0;
}

void LockTable::endGeneration(uintptr_t Addr) {
  LockInfo *S = slot(Addr, false);
  if (!S || !S->Node)
    return; // never used as a lock since its last generation: nothing to end
  S->Node = 0;
  ++S->Generation;
}

} // namespace rt
} // namespace lockgraph
