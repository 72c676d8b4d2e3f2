// compile-args: -I%stubs%
// NEGATIVE: GLib's GRecMutex is recursive. emit() holds signal_lock and calls
// connect_count(), which takes it again.
#include <glib.h>

static GRecMutex signal_lock;
static gint handlers, emissions;

static gint connect_count(void) {
  gint n;
  g_rec_mutex_lock(&signal_lock);
  n = handlers;
  g_rec_mutex_unlock(&signal_lock);
  return n;
}

void emit(void) {
  g_rec_mutex_lock(&signal_lock);
  if (connect_count() > 0)
    emissions++;
  g_rec_mutex_unlock(&signal_lock);
}

void signals_init(void) { g_rec_mutex_init(&signal_lock); }
