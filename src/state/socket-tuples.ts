// Socket addresses and tuples as libsinsp keeps them on an fd: filling an fd's tuple from a SOCKADDR/SOCKTUPLE
// parameter's bytes (family byte first, addresses in network order, ports little-endian as the drivers write
// them), and the comparisons and swaps libsinsp applies to them.
import type { Event } from './event.ts';
import { type FdInfo, FdType } from './fd.ts';

export const PPM_AF_UNIX = 1;
export const PPM_AF_INET = 2;
export const PPM_AF_INET6 = 10;
export const PPM_AF_NETLINK = 16;

/** The bytes from `start` up to the first NUL (or `end`), one character per byte. */
export function cstr(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end && b[i] !== 0; i++) s += String.fromCharCode(b[i]);
  return s;
}

/**
 * libsinsp's update_ipv4_addresses_and_ports with overwrite_dest, as every caller now asks (reads and writes since
 * libs 0.7, commit 3ce014124; connect since 0.22, bd1061cef): true when the tuple changed. Before, a destination
 * once set was kept, so a datagram socket kept its first peer (and a server socket turned client showed its old
 * port and protocol bytes as a destination, the union libsinsp keeps them in).
 */
export function updateIpv4Tuple(fd: FdInfo, sip: number, sport: number, dip: number, dport: number): boolean {
  if (fd.type === FdType.IPV4_SOCK) {
    if (
      (sip === fd.sip && sport === fd.sport && dip === fd.dip && dport === fd.dport) ||
      (dip === fd.sip && dport === fd.sport && sip === fd.dip && sport === fd.dport)
    ) {
      return false;
    }
  }
  let changed = false;
  if (fd.sip !== sip) {
    fd.sip = sip;
    changed = true;
  }
  if (fd.sport !== sport) {
    fd.sport = sport;
    changed = true;
  }
  if (fd.dip !== dip) {
    fd.dip = dip;
    changed = true;
  }
  if (fd.dport !== dport) {
    fd.dport = dport;
    changed = true;
  }
  return changed;
}

export function sameBytes(a: Uint8Array, b: Uint8Array, bo: number): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[bo + i]) return false;
  return true;
}

export function isZero16(a: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== 0) return false;
  return true;
}

/** libsinsp's set_ipv6_addresses_and_ports with overwrite_dest (the tuple starts at `o`, family byte first). */
export function setIpv6Tuple(fd: FdInfo, evt: Event, o: number): boolean {
  const b = evt.buf;
  const sport = evt.dv.getUint16(o + 17, true);
  const dport = evt.dv.getUint16(o + 35, true);
  if (fd.type === FdType.IPV6_SOCK) {
    if (
      (sameBytes(fd.sip6, b, o + 1) && sport === fd.sport && sameBytes(fd.dip6, b, o + 19) && dport === fd.dport) ||
      (sameBytes(fd.sip6, b, o + 19) && dport === fd.sport && sameBytes(fd.dip6, b, o + 1) && sport === fd.dport)
    ) {
      return false;
    }
  }
  let changed = false;
  if (!sameBytes(fd.sip6, b, o + 1)) {
    fd.sip6 = b.slice(o + 1, o + 17);
    changed = true;
  }
  if (fd.sport !== sport) {
    fd.sport = sport;
    changed = true;
  }
  if (!sameBytes(fd.dip6, b, o + 19)) {
    fd.dip6 = b.slice(o + 19, o + 35);
    changed = true;
  }
  if (fd.dport !== dport) {
    fd.dport = dport;
    changed = true;
  }
  return changed;
}

/** The two kernel socket addresses of a unix tuple (at `o`, family byte first). */
export function setUnixInfo(fd: FdInfo, evt: Event, o: number): void {
  fd.unixSource = evt.dv.getBigUint64(o + 1, true);
  fd.unixDest = evt.dv.getBigUint64(o + 9, true);
}

export function swapAddresses(fd: FdInfo): void {
  if (fd.type === FdType.IPV4_SOCK) {
    const ip = fd.sip;
    fd.sip = fd.dip;
    fd.dip = ip;
  } else {
    const ip = fd.sip6;
    fd.sip6 = fd.dip6;
    fd.dip6 = ip;
  }
  const port = fd.sport;
  fd.sport = fd.dport;
  fd.dport = port;
}
