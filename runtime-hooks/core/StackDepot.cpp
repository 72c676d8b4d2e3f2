#include "StackDepot.h"

namespace lockgraph {
namespace rt {

uint32_t StackDepot::put(const uintptr_t *Frames, uint32_t N, bool *IsNew) {
  if (IsNew)
    *IsNew = false;
  if (N == 0)
    return 0;
  uint64_t H = 1469598103934665603ULL;
  for (uint32_t I = 0; I < N; ++I) {
    H ^= static_cast<uint64_t>(Frames[I]);
    H *= 1099511628211ULL;
  }
  if (Count + 1 > NumBuckets) {
    size_t NewN = NumBuckets ? NumBuckets * 2 : 1024;
    Rec **NewB = static_cast<Rec **>(pageAlloc(NewN * sizeof(Rec *)));
    if (!NewB && !NumBuckets)
      return 0;
    if (NewB) {
      for (size_t B = 0; B < NumBuckets; ++B)
        for (Rec *R = Buckets[B], *Next; R; R = Next) {
          Next = R->Next;
          R->Next = NewB[R->Hash & (NewN - 1)];
          NewB[R->Hash & (NewN - 1)] = R;
        }
      if (Buckets)
        pageFree(Buckets, NumBuckets * sizeof(Rec *));
      Buckets = NewB;
      NumBuckets = NewN;
    }
  }
  Rec **Head = &Buckets[H & (NumBuckets - 1)];
  for (Rec *R = *Head; R; R = R->Next) {
    if (R->Hash != H || R->N != N)
      continue;
    uint32_t I = 0;
    while (I < N && R->Frames[I] == Frames[I])
      ++I;
    if (I == N)
      return R->Id;
  }
  if (!growArray(ById, ByIdCap, Count + 1))
    return 0;
  Rec *R = static_cast<Rec *>(
      Mem.alloc(sizeof(Rec) + (N - 1) * sizeof(uintptr_t), alignof(Rec)));
  if (!R)
    return 0;
  R->Hash = H;
  R->N = N;
  for (uint32_t I = 0; I < N; ++I)
    R->Frames[I] = Frames[I];
  R->Id = static_cast<uint32_t>(++Count);
  ById[Count - 1] = R;
  R->Next = *Head;
  *Head = R;
  if (IsNew)
    *IsNew = true;
  return R->Id;
}

const uintptr_t *StackDepot::get(uint32_t Id, uint32_t *N) const {
  if (Id == 0 || Id > Count) {
    *N = 0;
    return nullptr;
  }
  *N = ById[Id - 1]->N;
  return ById[Id - 1]->Frames;
}

} // namespace rt
} // namespace lockgraph
