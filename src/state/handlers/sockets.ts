// Handlers for the socket lifecycle: socket (and the UDP socket sendto implies), bind, connect, accept,
// socketpair. They type the fd, fill its tuple and role, and name it as libsinsp does.
import type { Event } from '../event.ts';
import { carries } from '../event-layout.ts';
import { FdFlag, FdInfo, FdType, ipv4FromBytes, isIpv4MappedIpv6, L4, socketName } from '../fd.ts';
import type { StateParser } from '../parser.ts';
import { sockaddrText, socktupleText } from '../socket-text.ts';
import {
  PPM_AF_INET,
  PPM_AF_INET6,
  PPM_AF_NETLINK,
  PPM_AF_UNIX,
  setIpv6Tuple,
  setUnixInfo,
  swapAddresses,
  updateIpv4Tuple,
} from '../socket-tuples.ts';

const SE_EINPROGRESS = 115;
const IPPROTO_IP = 0;
const IPPROTO_ICMP = 1;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_RAW = 255;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_RAW = 3;

/**
 * socket: the new fd typed by domain, type and protocol, which the exit carries itself (libs 0.22+, the sensor)
 * or, in an old capture, its stored enter.
 */
export function socketExit(p: StateParser, evt: Event): void {
  const fd = evt.int(0);
  if (fd < 0 || evt.thread === null) return;
  if (carries(evt, 3)) {
    addSocket(p, evt, fd, evt.uint(1), evt.uint(2), evt.uint(3));
    return;
  }
  const enter = p.retrieveEnter(evt);
  if (enter === null) return;
  addSocket(p, evt, fd, enter.uint(0), enter.uint(1), enter.uint(2));
}

/** libsinsp's add_socket: a new socket fd typed by its domain, with the l4 protocol its type and protocol imply. */
function addSocket(p: StateParser, evt: Event, fd: number, domain: number, type: number, protocol: number): void {
  const t = evt.thread;
  if (t === null) return;
  const info = new FdInfo(FdType.UNKNOWN, '');
  if (domain === PPM_AF_UNIX) info.type = FdType.UNIX_SOCK;
  else if (domain === PPM_AF_INET || domain === PPM_AF_INET6) {
    info.type = domain === PPM_AF_INET ? FdType.IPV4_SOCK : FdType.IPV6_SOCK;
    let l4: number = L4.UNKNOWN;
    if (protocol === IPPROTO_TCP) l4 = type === SOCK_RAW ? L4.RAW : L4.TCP;
    else if (protocol === IPPROTO_UDP) l4 = type === SOCK_RAW ? L4.RAW : L4.UDP;
    else if (protocol === IPPROTO_IP) {
      if ((type & 0xff) === SOCK_STREAM) l4 = L4.TCP;
      else if ((type & 0xff) === SOCK_DGRAM) l4 = L4.UDP;
    } else if (protocol === IPPROTO_ICMP) l4 = type === SOCK_RAW ? L4.RAW : L4.ICMP;
    else if (protocol === IPPROTO_RAW) l4 = L4.RAW;
    info.l4proto = l4;
  } else if (domain === PPM_AF_NETLINK) info.type = FdType.NETLINK;
  // libsinsp (built with INCLUDE_UNKNOWN_SOCKET_FDS) keeps sockets of other families too, as type unknown.
  evt.fd = p.state.threads.addFd(t, fd, info);
}

/**
 * A send on an fd the table does not know (libsinsp's infer_send_sendto_sendmsg_fdinfo): the socket() was missed,
 * and an address given to the send means a UDP socket. `fdIdx` and `tupleIdx` are where the event carries them.
 */
function inferSendSocket(p: StateParser, evt: Event, fdIdx: number, tupleIdx: number): void {
  const fd = evt.int(fdIdx);
  if (fd < 0) return;
  const family = evt.byteAt(tupleIdx, 0);
  if (family === PPM_AF_INET || family === PPM_AF_INET6) addSocket(p, evt, fd, family, SOCK_DGRAM, IPPROTO_UDP);
}

/** sendto's enter in an old capture: infers a missed socket (as sysdig 0.29 did there), and is kept for its exit. */
export function sendtoEnter(p: StateParser, evt: Event): void {
  if (evt.fd === null && evt.thread !== null) inferSendSocket(p, evt, 0, 2);
  p.store(evt);
}

/**
 * The exit of send, sendto or sendmsg that carries its fd and tuple (libs 0.22+, the sensor): current libsinsp
 * infers a missed socket here (parse_write_exit), from a successful call only.
 */
export function inferSendSocketOnExit(p: StateParser, evt: Event): void {
  if (evt.fd !== null || evt.thread === null || !carries(evt, 4) || !carries(evt, 2) || evt.int(0) < 0) return;
  inferSendSocket(p, evt, 2, 4);
}

export function bindExit(_p: StateParser, evt: Event): void {
  const fd = evt.fd;
  if (fd === null || evt.int(0) < 0) return;
  if (!evt.has(1) || evt.paramLen[1] === 0) return;
  const b = evt.buf;
  const o = evt.paramOff[1];
  const len = evt.paramLen[1];
  const family = b[o];
  if (family === PPM_AF_INET && len >= 7) {
    const ip = ipv4FromBytes(b, o + 1);
    const port = evt.dv.getUint16(o + 5, true);
    if (port > 0) {
      fd.type = FdType.IPV4_SERVSOCK;
      fd.sip = ip;
      fd.sport = port;
      fd.setRoleServer();
    }
  } else if (family === PPM_AF_INET6 && len >= 19) {
    const port = evt.dv.getUint16(o + 17, true);
    if (port > 0) {
      if (isIpv4MappedIpv6(b, o + 1)) {
        fd.type = FdType.IPV4_SERVSOCK;
        fd.sip = ipv4FromBytes(b, o + 13);
      } else {
        fd.type = FdType.IPV6_SERVSOCK;
        fd.sip6 = b.slice(o + 1, o + 17);
      }
      fd.sport = port;
      fd.setRoleServer();
    }
  }
  fd.name = sockaddrText(evt, 1, fd);
}

export function connectEnter(_p: StateParser, evt: Event): void {
  const fd = evt.fd;
  if (fd === null || evt.nparams < 2 || evt.paramLen[1] === 0) return;
  const b = evt.buf;
  const o = evt.paramOff[1];
  const len = evt.paramLen[1];
  const family = b[o];
  if (family === PPM_AF_INET && len >= 7) {
    fd.type = FdType.IPV4_SOCK;
    fd.dip = ipv4FromBytes(b, o + 1);
    fd.dport = evt.dv.getUint16(o + 5, true);
  } else if (family === PPM_AF_INET6 && len >= 19) {
    const port = evt.dv.getUint16(o + 17, true);
    if (isIpv4MappedIpv6(b, o + 1)) {
      fd.type = FdType.IPV4_SOCK;
      fd.dip = ipv4FromBytes(b, o + 13);
    } else {
      fd.type = FdType.IPV6_SOCK;
      fd.dip6 = b.slice(o + 1, o + 17);
    }
    fd.dport = port;
  } else {
    fd.name = sockaddrText(evt, 1, fd);
    if (family === PPM_AF_UNIX && len >= 17) setUnixInfo(fd, evt, o);
  }
}

export function connectExit(_p: StateParser, evt: Event): void {
  const fd = evt.fd;
  if (fd === null) return;
  const res = evt.int(0);
  if (res < 0 && res !== -SE_EINPROGRESS) return;
  fd.setConnected();
  if (!evt.has(1) || evt.paramLen[1] === 0) return;
  fillClientSocket(evt, fd, evt.paramOff[1], evt.paramLen[1]);
}

/** libsinsp's fill_client_socket_info: a connected socket's tuple (at absolute offset `o`) and name. */
function fillClientSocket(evt: Event, fd: FdInfo, o: number, len: number): void {
  const b = evt.buf;
  const family = b[o];
  if (family === PPM_AF_INET || family === PPM_AF_INET6) {
    let changed: boolean;
    if (family === PPM_AF_INET6) {
      if (len < 37) return;
      if (!(isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19))) {
        fd.type = FdType.IPV6_SOCK;
        changed = setIpv6Tuple(fd, evt, o);
      } else {
        fd.type = FdType.IPV4_SOCK;
        changed = updateIpv4Tuple(
          fd,
          ipv4FromBytes(b, o + 13),
          evt.dv.getUint16(o + 17, true),
          ipv4FromBytes(b, o + 31),
          evt.dv.getUint16(o + 35, true),
        );
      }
    } else {
      if (len < 13) return;
      fd.type = FdType.IPV4_SOCK;
      changed = updateIpv4Tuple(
        fd,
        ipv4FromBytes(b, o + 1),
        evt.dv.getUint16(o + 5, true),
        ipv4FromBytes(b, o + 7),
        evt.dv.getUint16(o + 11, true),
      );
    }
    if (changed && fd.isServerRole && fd.type === FdType.IPV4_SOCK && fd.l4proto === L4.UDP) swapAddresses(fd);
    fd.name = socketName(fd);
  } else {
    fd.name = socktupleText(evt, o, len, fd);
    if (family === PPM_AF_UNIX && len >= 17) setUnixInfo(fd, evt, o);
  }
  if (fd.roleNone) fd.setRoleClient();
}

export function acceptExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (t === null) return;
  const fdnum = evt.int(0);
  if (fdnum < 0) return;
  t.lastEventFd = fdnum;
  if (!evt.has(1) || evt.paramLen[1] === 0) return;
  const b = evt.buf;
  const o = evt.paramOff[1];
  const len = evt.paramLen[1];
  const info = new FdInfo(FdType.UNKNOWN, '');
  const family = b[o];
  if (family === PPM_AF_INET && len >= 13) {
    info.type = FdType.IPV4_SOCK;
    updateIpv4Tuple(
      info,
      ipv4FromBytes(b, o + 1),
      evt.dv.getUint16(o + 5, true),
      ipv4FromBytes(b, o + 7),
      evt.dv.getUint16(o + 11, true),
    );
    info.l4proto = L4.TCP;
  } else if (family === PPM_AF_INET6 && len >= 37) {
    if (isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19)) {
      info.type = FdType.IPV4_SOCK;
      updateIpv4Tuple(
        info,
        ipv4FromBytes(b, o + 13),
        evt.dv.getUint16(o + 17, true),
        ipv4FromBytes(b, o + 31),
        evt.dv.getUint16(o + 35, true),
      );
    } else {
      info.type = FdType.IPV6_SOCK;
      setIpv6Tuple(info, evt, o);
    }
    info.l4proto = L4.TCP;
  } else if (family === PPM_AF_UNIX) {
    info.type = FdType.UNIX_SOCK;
    if (len >= 17) setUnixInfo(info, evt, o);
  } else {
    return;
  }
  info.name = socktupleText(evt, o, len, info);
  info.flags = FdFlag.ROLE_SERVER | FdFlag.SOCKET_CONNECTED;
  evt.fd = p.state.threads.addFd(t, fdnum, info);
}

export function socketpairExit(p: StateParser, evt: Event): void {
  const t = evt.thread;
  if (evt.int(0) < 0 || t === null) return;
  const info = new FdInfo(FdType.UNIX_SOCK, '');
  info.unixSource = evt.big(3);
  info.unixDest = evt.big(4);
  evt.fd = p.state.threads.addFd(t, evt.int(1), info);
  p.state.threads.addFd(t, evt.int(2), info.clone());
}
