#include "stats.h"

void fast_path_send(long n) {
  bytes_sent += n; // expect: unprotected-rmw
}

void send(long n) {
  if (n < 64)
    fast_path_send(n);
  else
    stats_add(n);
}
