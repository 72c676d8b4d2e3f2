// A thread's busy-wait streaks (Spinning.h), kept in its ThreadState.
#pragma once

#include <stdint.h>

namespace lockgraph {
namespace rt {

// A thread's current streaks, in its ThreadState.
struct SpinState {
  // The trylock streak: failures in a row on TryNode from TryPc.
  uintptr_t TryPc;
  uint32_t TryNode;
  uint32_t TryStack;
  uint64_t TryFails, TryStartNs, TryLastNs, TryCpuNs;
  bool TryReported;
  // The poll streak: short sleeps or yields in a row from SleepPc.
  bool SleepReported;
  bool Yields;
  uintptr_t SleepPc;
  uint32_t SleepStack;
  uint32_t SleepAcquisitions; // the thread's Acquisitions at the last pause
  uint64_t SleepRounds, SleepStartNs, SleepNextNs, SleptNs, SleepCpuNs;
};

} // namespace rt
} // namespace lockgraph
