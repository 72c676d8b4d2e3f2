#include <stddef.h>
void journal_append(int fd, const char *rec, size_t len);
