#include <pthread.h>
extern pthread_mutex_t stats_lock;
extern long bytes_sent;
void stats_add(long n);
void fast_path_send(long n);
