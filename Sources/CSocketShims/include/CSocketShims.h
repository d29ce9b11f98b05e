// Linux calls the Glibc module does not export (epoll, eventfd, accept4), wrapped so
// Swift never touches the packed struct epoll_event.
#ifndef CSOCKETSHIMS_H
#define CSOCKETSHIMS_H

#include <stdint.h>

extern const uint32_t shim_EPOLLIN;
extern const uint32_t shim_EPOLLOUT;
extern const uint32_t shim_EPOLLERR;
extern const uint32_t shim_EPOLLHUP;
extern const uint32_t shim_EPOLLRDHUP;
extern const uint32_t shim_EPOLLEXCLUSIVE;

int shim_epoll_create(void);
/// op: 0 add, 1 modify, 2 delete.
int shim_epoll_ctl(int epfd, int op, int fd, uint32_t events);
/// Fills fds and events with up to max ready descriptors; returns their count or -1.
int shim_epoll_wait(int epfd, int32_t *fds, uint32_t *events, int max, int timeout_ms);
int shim_eventfd(void);
/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int shim_accept(int listener);
/// Makes a socket blocking with a send timeout, for a connection handed to a streaming thread.
int shim_make_blocking(int fd, int send_timeout_seconds);
/// Sets the calling thread's nice value (Linux nice is per thread); 0 or -1.
int shim_set_thread_nice(int nice);
/// Returns freed heap memory to the system (glibc keeps it otherwise); 1 if any was.
int shim_malloc_trim(void);

#endif
