// compile-args: -I%stubs%
// POSITIVE: GLib. Same inversion with GMutex: store_insert() holds store_mutex and
// takes index_mutex; index_compact() holds index_mutex and takes store_mutex.
#include <glib.h>
#include <stddef.h>

static GMutex store_mutex;
static GMutex index_mutex;
static gint stored, indexed;

static gpointer store_insert(gpointer data) {
  (void)data;
  g_mutex_lock(&store_mutex);
  stored++;
  g_mutex_lock(&index_mutex); // expect: lock-order-inversion
  indexed++;
  g_mutex_unlock(&index_mutex);
  g_mutex_unlock(&store_mutex);
  return NULL;
}

static gpointer index_compact(gpointer data) {
  (void)data;
  g_mutex_lock(&index_mutex);
  g_mutex_lock(&store_mutex);
  indexed = stored;
  g_mutex_unlock(&store_mutex);
  g_mutex_unlock(&index_mutex);
  return NULL;
}

int main(void) {
  g_mutex_init(&store_mutex);
  g_mutex_init(&index_mutex);
  GThread *a = g_thread_new("insert", store_insert, NULL);
  GThread *b = g_thread_new("compact", index_compact, NULL);
  g_thread_join(a);
  g_thread_join(b);
  return 0;
}
