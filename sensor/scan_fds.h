/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan_fds.h — the descriptors of one process at startup (FDL V2 entries), sockets resolved through the tables of its
 * network namespace (/proc/<pid>/net/{tcp,tcp6,udp,udp6,raw,raw6,unix,netlink}, read once per namespace).
 */
#ifndef PEREGRINE_SCAN_FDS_H
#define PEREGRINE_SCAN_FDS_H

#include "scan.h"

/* Appends one FDL entry per descriptor of process pid (its /proc directory is dir). */
void scan_fds(struct buf *out, const struct scan_opts *o, int pid, const char *dir, struct scan_stats *st);
/* Frees the socket tables read along the way. */
void scan_fds_done(void);

#endif /* PEREGRINE_SCAN_FDS_H */
