// The host's network interfaces (IL block): libsinsp uses them to fill the missing end of a UDP socket's tuple
// and to decide which end of a connection is local (fd.lip/fd.rip, fd.lport/fd.rport).
import type { InterfaceEntry } from '../capture/metadata.ts';
import { ipv4FromBytes } from './fd.ts';

const LOOPBACK = 0x0100007f; // 127.0.0.1 as the little-endian u32 of its bytes

export class NetworkInterfaces {
  /** IPv4 address and netmask, each the little-endian u32 of the network-order bytes. */
  readonly v4: { addr: number; netmask: number }[];
  readonly v6: Uint8Array[];

  constructor() {
    this.v4 = [];
    this.v6 = [];
  }

  clear(): void {
    this.v4.length = 0;
    this.v6.length = 0;
  }

  load(list: readonly InterfaceEntry[]): void {
    this.clear();
    for (const i of list) {
      if (i.addr.length === 4) this.v4.push({ addr: ipv4FromBytes(i.addr, 0), netmask: ipv4FromBytes(i.netmask, 0) });
      else if (i.addr.length === 16) this.v6.push(i.addr);
    }
  }

  /** libsinsp's infer_ipv4_address: the exact interface, one in the same subnet, else the first non-loopback. */
  inferIpv4(dest: number): number {
    for (const i of this.v4) if (i.addr === dest) return i.addr;
    for (const i of this.v4) if ((i.addr & i.netmask) >>> 0 === (dest & i.netmask) >>> 0) return i.addr;
    for (const i of this.v4) if (i.addr !== LOOPBACK) return i.addr;
    return 0;
  }

  /**
   * libsinsp's infer_ipv6_address: the exact interface, one in the same /64, else the first that is not
   * loopback; all zero when there is none.
   */
  inferIpv6(dest: Uint8Array): Uint8Array {
    const same = (a: Uint8Array, n: number) => {
      for (let k = 0; k < n; k++) if (a[k] !== dest[k]) return false;
      return true;
    };
    for (const a of this.v6) if (same(a, 16)) return a;
    for (const a of this.v6) if (same(a, 8)) return a;
    for (const a of this.v6) if (!isLoopback6(a)) return a;
    return new Uint8Array(16);
  }

  /** Whether an IPv4 address belongs to this machine's interfaces. */
  isLocalIpv4(addr: number): boolean {
    for (const i of this.v4) if (i.addr === addr) return true;
    return false;
  }

  isLocalIpv6(addr: Uint8Array): boolean {
    outer: for (const a of this.v6) {
      for (let k = 0; k < 16; k++) if (a[k] !== addr[k]) continue outer;
      return true;
    }
    return false;
  }
}

function isLoopback6(a: Uint8Array): boolean {
  for (let k = 0; k < 15; k++) if (a[k] !== 0) return false;
  return a[15] === 1;
}
