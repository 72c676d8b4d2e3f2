#include "LockTable.h"

#include "Arena.h"

namespace lockgraph {
namespace rt {

LockTable::Block *LockTable::newBlock(size_t Cap) {
  Block *B = static_cast<Block *>(
      pageAlloc(sizeof(Block) + (Cap - 1) * sizeof(LockInfo)));
  if (B)
    B->Cap = Cap;
  return B;
}

bool LockTable::rehash(size_t NewCap) {
  Block *New = newBlock(NewCap);
  if (!New)
    return false;
  if (Cur)
    for (size_t I = 0; I < Cur->Cap; ++I) {
      const LockInfo &S = Cur->Slots[I];
      if (!S.Addr)
        continue;
      size_t H = hashAddr(S.Addr) & (NewCap - 1);
      while (New->Slots[H].Addr)
        H = (H + 1) & (NewCap - 1);
      New->Slots[H] = S;
    }
  // The old block stays mapped: see the header.
  __atomic_store_n(&Cur, New, __ATOMIC_RELEASE);
  return true;
}

LockInfo *LockTable::slot(uintptr_t Addr, bool Create) {
  if (Create && (Used + 1) * 2 > (Cur ? Cur->Cap : 0) &&
      !rehash(Cur ? Cur->Cap * 2 : 1024) && (!Cur || Used + 1 >= Cur->Cap))
    return nullptr;
  if (!Cur)
    return nullptr;
  const size_t Mask = Cur->Cap - 1;
  size_t H = hashAddr(Addr) & Mask;
  while (Cur->Slots[H].Addr) {
    if (Cur->Slots[H].Addr == Addr)
      return &Cur->Slots[H];
    H = (H + 1) & Mask;
  }
  if (!Create)
    return nullptr;
  LockInfo &S = Cur->Slots[H];
  __atomic_store_n(&S.Node, 0, __ATOMIC_RELAXED);
  S.Generation = 0;
  __atomic_store_n(&S.Addr, Addr, __ATOMIC_RELEASE);
  ++Used;
  return &S;
}

uint32_t LockTable::lookupOrCreate(uintptr_t Addr, uint32_t *Gen) {
  LockInfo *S = slot(Addr, true);
  if (!S)
    return 0;
  if (!S->Node) {
    if (!NextNode)
      NextNode = 1;
    __atomic_store_n(&S->Node, NextNode++, __ATOMIC_RELEASE);
  }
  if (Gen)
    *Gen = S->Generation;
  return S->Node;
}

bool LockTable::endGeneration(uintptr_t Addr) {
  LockInfo *S = slot(Addr, false);
  if (!S || !S->Node)
    return false; // never used as a lock since its last generation: nothing to end
  __atomic_store_n(&S->Node, 0, __ATOMIC_RELEASE);
  ++S->Generation;
  return true;
}

} // namespace rt
} // namespace lockgraph
