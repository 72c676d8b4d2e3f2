#include "SafeFolder.h"

#include <sys/stat.h>
#include <unistd.h>

namespace lockgraph {
namespace rt {

const char *unsafeFolderReason(const char *Dir) {
  struct stat St;
  if (stat(Dir, &St) != 0)
    return nullptr;
  if (!S_ISDIR(St.st_mode))
    return "it is not a folder";
  if (St.st_uid != geteuid() && St.st_uid != 0)
    return "another user owns it";
  if ((St.st_mode & (S_IWGRP | S_IWOTH)) && !(St.st_mode & S_ISVTX))
    return "other users can write it and it is not sticky";
  return nullptr;
}

} // namespace rt
} // namespace lockgraph
