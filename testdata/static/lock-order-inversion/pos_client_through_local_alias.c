// POSITIVE: lttng-tools' notification thread (fixed upstream in 6c24d3f). Sending
// walks the list under its lock and locks each client through a local pointer read
// from the list element; disconnecting locks a client, then the list. A client lock
// named through the local `client` is the same kind of lock as one named through the
// parameter.
#include <pthread.h>

struct client {
  pthread_mutex_t lock;
  int active;
};

struct element {
  struct client *client;
  struct element *next;
};

struct client_list {
  pthread_mutex_t lock;
  struct element *first;
};

void list_send(struct client_list *list) {
  pthread_mutex_lock(&list->lock);
  for (struct element *e = list->first; e; e = e->next) {
    struct client *client = e->client;
    pthread_mutex_lock(&client->lock); // expect: lock-order-inversion
    client->active++;
    pthread_mutex_unlock(&client->lock);
  }
  pthread_mutex_unlock(&list->lock);
}

void client_disconnect(struct client *client, struct client_list *list) {
  pthread_mutex_lock(&client->lock);
  client->active = 0;
  pthread_mutex_lock(&list->lock);
  list->first = 0;
  pthread_mutex_unlock(&list->lock);
  pthread_mutex_unlock(&client->lock);
}
