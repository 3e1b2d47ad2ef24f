// Socket parameters and fds as libsinsp prints them: SOCKADDR and SOCKTUPLE parameters (evt.args, fd names of
// unix and unknown-family sockets) and the l4 protocol an address is shown with.
import type { Event } from './event.ts';
import {
  FdInfo,
  FdType,
  ipv4FromBytes,
  ipv4ToString,
  ipv4TupleName,
  ipv6ToString,
  ipv6TupleName,
  isIpv4MappedIpv6,
  L4,
} from './fd.ts';
import { cstr, PPM_AF_INET, PPM_AF_INET6, PPM_AF_UNIX } from './socket-tuples.ts';

/** The l4 protocol libsinsp prints with an address (get_l4proto: unknown while a client socket has no role). */
export function fdL4(fd: FdInfo): number {
  if (fd.type === FdType.IPV4_SOCK || fd.type === FdType.IPV6_SOCK) {
    if (fd.l4proto === L4.RAW) return L4.RAW;
    if (fd.roleNone) return L4.NA;
    return fd.l4proto;
  }
  if (fd.type === FdType.IPV4_SERVSOCK || fd.type === FdType.IPV6_SERVSOCK) return fd.l4proto;
  return L4.NA;
}

/** A SOCKADDR parameter as evt.args prints it with PF_SIMPLE (libsinsp's get_param_as_str). */
export function sockaddrText(evt: Event, idx: number, fd: FdInfo | null): string {
  if (!evt.has(idx) || evt.paramLen[idx] === 0) return 'NULL';
  const b = evt.buf;
  const o = evt.paramOff[idx];
  const len = evt.paramLen[idx];
  const family = b[o];
  if (family === PPM_AF_UNIX) return sanitize(cstr(b, o + 1, o + len));
  if (family === PPM_AF_INET) {
    if (len !== 7) return 'INVALID IPv4';
    return `${ipv4ToString(ipv4FromBytes(b, o + 1))}:${evt.dv.getUint16(o + 5, true)}`;
  }
  if (family === PPM_AF_INET6) {
    if (len !== 19) return 'INVALID IPv6';
    return `${ipv6ToString(b.subarray(o + 1, o + 17))}:${evt.dv.getUint16(o + 17, true)}`;
  }
  void fd;
  return `family ${family}`;
}

/** A SOCKTUPLE parameter (at absolute offset `o`) as libsinsp prints it. */
export function socktupleText(evt: Event, o: number, len: number, fd: FdInfo | null): string {
  if (len === 0) return 'NULL';
  const b = evt.buf;
  const family = b[o];
  void fd;
  if (family === PPM_AF_INET) {
    if (len !== 13) return 'INVALID IPv4';
    const t = new FdInfo(FdType.IPV4_SOCK, '');
    t.sip = ipv4FromBytes(b, o + 1);
    t.sport = evt.dv.getUint16(o + 5, true);
    t.dip = ipv4FromBytes(b, o + 7);
    t.dport = evt.dv.getUint16(o + 11, true);
    return ipv4TupleName(t);
  }
  if (family === PPM_AF_INET6) {
    if (len !== 37) return 'INVALID IPv6';
    if (isIpv4MappedIpv6(b, o + 1) && isIpv4MappedIpv6(b, o + 19)) {
      const t = new FdInfo(FdType.IPV4_SOCK, '');
      t.sip = ipv4FromBytes(b, o + 13);
      t.sport = evt.dv.getUint16(o + 17, true);
      t.dip = ipv4FromBytes(b, o + 31);
      t.dport = evt.dv.getUint16(o + 35, true);
      return ipv4TupleName(t);
    }
    const t = new FdInfo(FdType.IPV6_SOCK, '');
    t.sip6 = b.subarray(o + 1, o + 17);
    t.sport = evt.dv.getUint16(o + 17, true);
    t.dip6 = b.subarray(o + 19, o + 35);
    t.dport = evt.dv.getUint16(o + 35, true);
    return ipv6TupleName(t);
  }
  if (family === PPM_AF_UNIX) {
    if (len < 17) return '';
    const src = evt.dv.getBigUint64(o + 1, true).toString(16);
    const dst = evt.dv.getBigUint64(o + 9, true).toString(16);
    return `${src}->${dst} ${sanitize(cstr(b, o + 17, o + len))}`;
  }
  return `family ${family}`;
}

/** libsinsp's sanitize_string: drops every non-printable character. */
export function sanitize(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) {
      let out = '';
      for (let j = 0; j < s.length; j++) {
        const d = s.charCodeAt(j);
        if (d >= 0x20 && d < 0x7f) out += s[j];
      }
      return out;
    }
  }
  return s;
}
