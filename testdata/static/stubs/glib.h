/* Stub of GLib's <glib.h> (gthread.h part) for lockgraph's test corpus: the real type
 * and function names and signatures, no bodies, so a case only passes if lockgraph
 * knows the GLib API itself. */
#ifndef __G_LIB_H__
#define __G_LIB_H__

typedef char gchar;
typedef int gint;
typedef unsigned int guint;
typedef gint gboolean;
typedef void *gpointer;

#define FALSE (0)
#define TRUE (!FALSE)

typedef union _GMutex GMutex;
union _GMutex {
  /*< private >*/
  gpointer p;
  guint i[2];
};

typedef struct _GRecMutex GRecMutex;
struct _GRecMutex {
  /*< private >*/
  gpointer p;
  guint i[2];
};

void g_mutex_init(GMutex *mutex);
void g_mutex_clear(GMutex *mutex);
void g_mutex_lock(GMutex *mutex);
gboolean g_mutex_trylock(GMutex *mutex);
void g_mutex_unlock(GMutex *mutex);

void g_rec_mutex_init(GRecMutex *rec_mutex);
void g_rec_mutex_clear(GRecMutex *rec_mutex);
void g_rec_mutex_lock(GRecMutex *rec_mutex);
gboolean g_rec_mutex_trylock(GRecMutex *rec_mutex);
void g_rec_mutex_unlock(GRecMutex *rec_mutex);

typedef struct _GThread GThread;
typedef gpointer (*GThreadFunc)(gpointer data);
GThread *g_thread_new(const gchar *name, GThreadFunc func, gpointer data);
gpointer g_thread_join(GThread *thread);

#endif /* __G_LIB_H__ */
