// POSITIVE: unlike a create that returns the object locked or NULL unlocked
// (neg_create_returns_locked_or_null.c), this lookup returns NULL with the table
// still locked: the result says nothing the caller could rely on. A leak.
#include <pthread.h>
#include <stddef.h>

struct item { int key; struct item *next; };
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct item *table;

struct item *table_take(int key) {
  pthread_mutex_lock(&table_lock);
  struct item *it = table;
  while (it && it->key != key)
    it = it->next;
  if (!it)
    return NULL; // expect: lock-leak
  pthread_mutex_unlock(&table_lock);
  return it;
}
