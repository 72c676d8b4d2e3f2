#include "HeldSet.h"

#include "Arena.h"

namespace lockgraph {
namespace rt {

long HeldSet::findAddr(uintptr_t Addr) const {
  for (size_t I = Size; I-- > 0;)
    if (Data[I].Addr == Addr)
      return static_cast<long>(I);
  return -1;
}

bool HeldSet::push(const HeldLock &L) {
  if (!growArray(Data, Cap, Size + 1))
    return false;
  Data[Size++] = L;
  return true;
}

void HeldSet::removeAt(size_t I) {
  for (size_t J = I + 1; J < Size; ++J)
    Data[J - 1] = Data[J];
  --Size;
}

void HeldSet::release() {
  if (Data)
    pageFree(Data, Cap * sizeof(HeldLock));
  Data = nullptr;
  Size = Cap = 0;
}

} // namespace rt
} // namespace lockgraph
