#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <sys/time.h>
#include "CSocketShims.h"
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

const uint32_t shim_EPOLLIN = EPOLLIN;
const uint32_t shim_EPOLLOUT = EPOLLOUT;
const uint32_t shim_EPOLLERR = EPOLLERR;
const uint32_t shim_EPOLLHUP = EPOLLHUP;
const uint32_t shim_EPOLLRDHUP = EPOLLRDHUP;
const uint32_t shim_EPOLLEXCLUSIVE = EPOLLEXCLUSIVE;

int shim_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int shim_epoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = 0;
    event.data.fd = fd;
    int ops[] = {EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLL_CTL_DEL};
    if (op < 0 || op > 2) return -1;
    return epoll_ctl(epfd, ops[op], fd, &event);
}

int shim_epoll_wait(int epfd, int32_t *fds, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event ready[256];
    if (max > 256) max = 256;
    int count = epoll_wait(epfd, ready, max, timeout_ms);
    for (int i = 0; i < count; i++) {
        fds[i] = ready[i].data.fd;
        events[i] = ready[i].events;
    }
    return count;
}

int shim_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int shim_accept(int listener) { return accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); }

int shim_make_blocking(int fd, int send_timeout_seconds) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) return -1;
    struct timeval timeout = { .tv_sec = send_timeout_seconds, .tv_usec = 0 };
    return setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

int shim_set_thread_nice(int nice) {
    return setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice);
}

int shim_malloc_trim(void) { return malloc_trim(0); }
