// This host's network interfaces, as libscap lists them live (getifaddrs, written as a capture's IL block): the
// sensor's stream carries no interface list, and without one the state can neither fill the local end of a UDP
// socket's tuple (0.0.0.0 where libsinsp shows 127.0.0.1) nor tell which end of a connection is this machine's
// (fd.is_server, fd.lip). A recording made live writes the same list into its IL block, so that it replays alike.
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';
import type { InterfaceEntry } from '../capture/metadata.ts';

/** scap's interface entry types without link speed (SCAP_II_IPV4_NOLINKSPEED, SCAP_II_IPV6_NOLINKSPEED). */
const IPV4 = 3;
const IPV6 = 4;

export function hostInterfaces(): InterfaceEntry[] {
  const out: InterfaceEntry[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (!ipaddr.isValid(a.address) || !ipaddr.isValid(a.netmask)) continue;
      const addr = Uint8Array.from(ipaddr.parse(a.address).toByteArray());
      const netmask = Uint8Array.from(ipaddr.parse(a.netmask).toByteArray());
      if (addr.length !== netmask.length) continue;
      const bcast = addr.map((b, i) => b | (~netmask[i] & 0xff));
      out.push({ type: a.family === 'IPv4' ? IPV4 : IPV6, name, addr, netmask, bcast, linkspeed: 0 });
    }
  }
  return out;
}
