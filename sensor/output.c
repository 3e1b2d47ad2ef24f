// SPDX-License-Identifier: Apache-2.0
/* The scap stream's writer; see output.h. */
#define _GNU_SOURCE
#include "output.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static struct buf out;
static size_t out_head; /* first byte the reader has not taken */
static int out_fd = STDOUT_FILENO;
static bool nonblocking;
static uint64_t bytes_written;

void output_open(const char *file) {
	if(file) {
		out_fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if(out_fd < 0) {
			die("cannot write %s: %s", file, strerror(errno));
		}
		return;
	}
	/* 1 MiB of room: fewer wake-ups of the reader, and room for a burst. Node's child_process hands its children a
	 * socket pair, not a pipe. */
	struct stat st;
	if(fstat(out_fd, &st) == 0 && S_ISSOCK(st.st_mode)) {
		int sz = 1 << 20;
		if(setsockopt(out_fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)) != 0) {
			setsockopt(out_fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
		}
	} else {
		fcntl(out_fd, F_SETPIPE_SZ, 1 << 20);
	}
}

struct buf *output_buf(void) {
	return &out;
}

void output_go_nonblocking(void) {
	struct stat st;
	if(fstat(out_fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) {
		fcntl(out_fd, F_SETFL, fcntl(out_fd, F_GETFL) | O_NONBLOCK);
		nonblocking = true;
	}
}

bool output_nonblocking(void) {
	return nonblocking;
}

int output_fd(void) {
	return out_fd;
}

size_t output_pending(void) {
	return out.len - out_head;
}

uint64_t output_bytes_written(void) {
	return bytes_written;
}

void output_flush(void) {
	while(out_head < out.len) {
		ssize_t n = write(out_fd, out.data + out_head, out.len - out_head);
		if(n < 0 && errno == EINTR) {
			continue;
		}
		if(n < 0 && errno == EAGAIN) {
			break; /* the pipe is full: the rest waits in the backlog */
		}
		if(n <= 0) {
			say("output closed (%s); stopping", n < 0 ? strerror(errno) : "short write");
			exit(0);
		}
		out_head += (size_t)n;
		bytes_written += (uint64_t)n;
	}
	if(out_head == out.len) {
		out_head = out.len = 0;
	} else if(out_head > (1u << 20) && out_head > out.len / 2) {
		memmove(out.data, out.data + out_head, out.len - out_head);
		out.len -= out_head;
		out_head = 0;
	}
}

void output_flush_all(void) {
	if(nonblocking) {
		fcntl(out_fd, F_SETFL, fcntl(out_fd, F_GETFL) & ~O_NONBLOCK);
		nonblocking = false;
	}
	output_flush();
}

void output_close(void) {
	if(out_fd != STDOUT_FILENO) {
		close(out_fd);
	}
}
