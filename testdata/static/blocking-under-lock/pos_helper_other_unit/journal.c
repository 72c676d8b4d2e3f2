// The helper: appends a record and syncs it. It holds no lock; whether it blocks
// someone depends on its callers (store.c).
#include "journal.h"

#include <unistd.h>

void journal_append(int fd, const char *rec, size_t len) {
  write(fd, rec, len);
  fsync(fd);
}
