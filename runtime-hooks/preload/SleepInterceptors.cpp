// Interceptors for the calls a polling loop pauses with: sleep, usleep, nanosleep,
// clock_nanosleep and sched_yield (busy-wait, Spinning.h). Each tells the runtime how
// long it is asked to sleep and from where, then sleeps; results and errno pass
// through unchanged. Neither dlsym nor malloc calls them: lazily resolved.
#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "InterceptorBodies.h"
#include "Spinning.h"

using namespace lockgraph::rt;

#define LG_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

LG_NEXT(sleep, unsigned (*)(unsigned))
LG_NEXT(usleep, int (*)(useconds_t))
LG_NEXT(nanosleep, int (*)(const struct timespec *, struct timespec *))
LG_NEXT(clock_nanosleep, int (*)(clockid_t, int, const struct timespec *, struct timespec *))
LG_NEXT(sched_yield, int (*)(void))

uint64_t nsOf(const struct timespec *T) {
  if (!T || T->tv_sec < 0 || T->tv_nsec < 0)
    return 0;
  return static_cast<uint64_t>(T->tv_sec) * 1000000000u + static_cast<uint64_t>(T->tv_nsec);
}

void noteSleep(uint64_t Ns, bool Yield, const CallSite &Site) {
  if (!hooksActive())
    return;
  int Saved = errno;
  {
    RuntimeScope Scope;
    onSleep(Ns, Yield, Site);
  }
  errno = Saved;
}

} // namespace

LG_EXPORT unsigned sleep(unsigned Seconds) {
  noteSleep(uint64_t(Seconds) * 1000000000u, false, LG_CALL_SITE());
  return next_sleep()(Seconds);
}

LG_EXPORT int usleep(useconds_t Us) {
  noteSleep(uint64_t(Us) * 1000u, false, LG_CALL_SITE());
  return next_usleep()(Us);
}

LG_EXPORT int nanosleep(const struct timespec *Req, struct timespec *Rem) {
  noteSleep(nsOf(Req), false, LG_CALL_SITE());
  return next_nanosleep()(Req, Rem);
}

LG_EXPORT int clock_nanosleep(clockid_t Clock, int Flags, const struct timespec *Req,
                              struct timespec *Rem) {
  uint64_t Ns = nsOf(Req);
  if (Flags & TIMER_ABSTIME) { // until a time: how long that is from now
    struct timespec Now;
    uint64_t At = clock_gettime(Clock, &Now) ? 0 : nsOf(&Now);
    Ns = Ns > At ? Ns - At : 0;
  }
  noteSleep(Ns, false, LG_CALL_SITE());
  return next_clock_nanosleep()(Clock, Flags, Req, Rem);
}

LG_EXPORT int sched_yield(void) {
  noteSleep(0, true, LG_CALL_SITE());
  return next_sched_yield()();
}
