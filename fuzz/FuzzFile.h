// For readers that take a path: the fuzz input written to a file of this process's own.
#pragma once

#include <cstdio>
#include <string>
#include <unistd.h>

inline std::string fuzzFile(const uint8_t *Data, size_t Size, const char *Suffix) {
  static std::string Path =
      "/tmp/lockgraph-fuzz-" + std::to_string(getpid()) + Suffix;
  FILE *F = fopen(Path.c_str(), "wb");
  if (!F)
    return Path;
  fwrite(Data, 1, Size, F);
  fclose(F);
  return Path;
}
