// libsinsp's parse_rw_exit, for what reads and writes change in the state: a socket used for I/O is connected,
// and a datagram socket learns its tuple (and, when unknown, its role) from the addresses recvfrom/recvmsg return
// and sendto/sendmsg are given.
import { code } from '../../capture/codes.ts';
import { EF_READS_FROM_FD, PPM_EVENT_MAX } from '../../capture/event-table.ts';
import type { Event } from '../event.ts';
import { carries, FLAGS } from '../event-layout.ts';
import { FdFlag, type FdInfo, FdType, ipv4FromBytes, isIpv4MappedIpv6, L4, socketName } from '../fd.ts';
import type { StateParser } from '../parser.ts';
import { socktupleText } from '../socket-text.ts';
import {
  cstr,
  isZero16,
  PPM_AF_INET,
  PPM_AF_INET6,
  PPM_AF_UNIX,
  sameBytes,
  setIpv6Tuple,
  setUnixInfo,
  swapAddresses,
  updateIpv4Tuple,
} from '../socket-tuples.ts';
import { inferSendSocketOnExit } from './sockets.ts';

const SEND_X = code('SOCKET_SEND_X');
const SENDTO_X = code('SOCKET_SENDTO_X');
const SENDMSG_X = code('SOCKET_SENDMSG_X');

/** Where an I/O exit carries the socket tuple (recv and send only since libs 0.22), −1: nowhere. */
const TUPLE_PARAM = new Int8Array(PPM_EVENT_MAX).fill(-1);
/** Where an old capture's send enter carried the address its exit lacks. */
const ENTER_TUPLE_PARAM = new Int8Array(PPM_EVENT_MAX).fill(-1);
TUPLE_PARAM[code('SOCKET_RECVFROM_X')] = 2;
TUPLE_PARAM[code('SOCKET_RECVMSG_X')] = 3;
TUPLE_PARAM[code('SOCKET_RECV_X')] = 4;
TUPLE_PARAM[SEND_X] = 4;
TUPLE_PARAM[SENDTO_X] = 4;
TUPLE_PARAM[SENDMSG_X] = 4;
ENTER_TUPLE_PARAM[SENDTO_X] = 2;
ENTER_TUPLE_PARAM[SENDMSG_X] = 2;

export function rwExit(p: StateParser, evt: Event): void {
  const type = evt.type;
  if (evt.fd === null && (type === SENDTO_X || type === SENDMSG_X || type === SEND_X)) inferSendSocketOnExit(p, evt);
  const fd = evt.fd;
  if (fd === null) return;
  const res = evt.int(0);
  if (res < 0) return;
  if (fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK) fd.setConnected();
  const reads = (FLAGS[type] & EF_READS_FROM_FD) !== 0;
  const tupleIdx = TUPLE_PARAM[type];
  if (tupleIdx === -1) return;
  // libsinsp's is_tcp_socket: IPv4 only.
  const isTcp = fd.type === FdType.IPV4_SOCK && fd.l4proto === L4.TCP;
  if (fd.name.length !== 0 && isTcp) return;
  let tupleSrc: Event | null = evt;
  let idx = tupleIdx;
  if (!carries(evt, tupleIdx)) {
    // An old capture's send exit: the address was on its enter (recv and send exits had none there).
    if (reads || ENTER_TUPLE_PARAM[type] === -1) return;
    tupleSrc = p.retrieveEnter(evt);
    if (tupleSrc === null) return;
    idx = ENTER_TUPLE_PARAM[type];
  }
  if (!tupleSrc.has(idx) || tupleSrc.paramLen[idx] === 0) return;
  if (!updateFd(p, fd, tupleSrc, idx)) return;
  if (fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK) {
    if (fd.roleNone) guessRole(p, evt, fd, reads);
    if (reads ? (fd.flags & FdFlag.ROLE_CLIENT) !== 0 : fd.isServerRole) swapAddresses(fd);
    fd.name = socketName(fd);
  } else {
    fd.name = socktupleText(tupleSrc, tupleSrc.paramOff[idx], tupleSrc.paramLen[idx], fd);
  }
}

/** libsinsp's update_fd: a socket's tuple from a sendto/recvfrom address. */
function updateFd(p: StateParser, fd: FdInfo, src: Event, idx: number): boolean {
  const b = src.buf;
  const o = src.paramOff[idx];
  const len = src.paramLen[idx];
  const family = b[o];
  if (family === PPM_AF_INET) {
    if (len < 13) return false;
    fd.type = FdType.IPV4_SOCK;
    if (
      !updateIpv4Tuple(
        fd,
        ipv4FromBytes(b, o + 1),
        src.dv.getUint16(o + 5, true),
        ipv4FromBytes(b, o + 7),
        src.dv.getUint16(o + 11, true),
      )
    )
      return false;
  } else if (family === PPM_AF_INET6) {
    if (len < 37) return false;
    if (isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19)) {
      fd.type = FdType.IPV4_SOCK;
      if (
        !updateIpv4Tuple(
          fd,
          ipv4FromBytes(b, o + 13),
          src.dv.getUint16(o + 17, true),
          ipv4FromBytes(b, o + 31),
          src.dv.getUint16(o + 35, true),
        )
      )
        return false;
    } else if (!setIpv6Tuple(fd, src, o)) return false;
  } else if (family === PPM_AF_UNIX) {
    fd.type = FdType.UNIX_SOCK;
    if (len >= 17) setUnixInfo(fd, src, o);
    fd.name = len > 17 ? cstr(b, o + 17, o + len) : '';
    return true;
  }
  if ((fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK) && fd.l4proto === L4.UNKNOWN) fd.l4proto = L4.UDP;
  inferMissingEnd(p, fd);
  return true;
}

/** sinsp_network_interfaces::update_fd: fills an all-zero end of a UDP tuple with a local address. */
function inferMissingEnd(p: StateParser, fd: FdInfo): void {
  if (fd.type === FdType.IPV6_SOCK) {
    const sz = isZero16(fd.sip6);
    const dz = isZero16(fd.dip6);
    if (!sz && !dz) return;
    const ifs = p.state.interfaces;
    if (sz) {
      const a = ifs.inferIpv6(fd.dip6);
      if (sameBytes(a, fd.dip6, 0) && fd.sport === fd.dport) return;
      fd.sip6 = a;
    } else {
      const a = ifs.inferIpv6(fd.sip6);
      if (sameBytes(a, fd.sip6, 0) && fd.sport === fd.dport) return;
      fd.dip6 = a;
    }
    return;
  }
  if (fd.type !== FdType.IPV4_SOCK) return;
  if (fd.sip !== 0 && fd.dip !== 0) return;
  const ifs = p.state.interfaces;
  if (fd.sip === 0) {
    const a = ifs.inferIpv4(fd.dip);
    if (a === fd.dip && fd.sport === fd.dport) return;
    fd.sip = a;
  } else {
    const a = ifs.inferIpv4(fd.sip);
    if (a === fd.sip && fd.sport === fd.dport) return;
    fd.dip = a;
  }
}

/** libsinsp's set_net_role_by_guessing. */
function guessRole(p: StateParser, evt: Event, fd: FdInfo, incoming: boolean): void {
  const t = evt.thread;
  if (t === null) return;
  const table = p.state.threads.fdTable(t);
  let bound = false;
  let usesClientPort = false;
  if (table !== null) {
    for (const f of table.values()) {
      if (f.type === FdType.IPV4_SOCK && f.dport === fd.dport) bound = true;
      else if (f.type === FdType.IPV4_SERVSOCK && f.sport === fd.dport) bound = true;
      if (f.type === FdType.IPV4_SOCK && f.sport === fd.sport) usesClientPort = true;
    }
  }
  if (!bound) {
    fd.setRoleClient();
    return;
  }
  if (!usesClientPort) {
    fd.setRoleServer();
    return;
  }
  if (fd.roleNone) {
    if (incoming) fd.setRoleServer();
    else fd.setRoleClient();
  }
}
