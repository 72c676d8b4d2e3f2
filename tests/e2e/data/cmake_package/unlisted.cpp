// Not in lockgraph_preload_tests, so nothing of lockgraph's may reach it: it takes
// locks, and would leave a trace if the runtime were preloaded.
#include "ledger.h"

#include <cstdio>
#include <cstdlib>

int main() {
  const char *const lockgraph_vars[] = {"LD_PRELOAD", "LOCKGRAPH_OPTIONS"};
  for (const char *var : lockgraph_vars) {
    if (std::getenv(var)) {
      std::fprintf(stderr, "unlisted: %s is set to '%s'\n", var, std::getenv(var));
      return 3;
    }
  }
  ledger_deposit(1);
  return ledger_balance() == 1 && ledger_log_size() == 1 ? 0 : 1;
}
