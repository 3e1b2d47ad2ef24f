// Who may reach the console: on a loopback address anyone on this host (as the webserver's /metrics); on any other
// address only with a token, and only over TLS unless the configuration explicitly allows plain HTTP
// (console.allow_plain_http: a TLS-terminating proxy in front, say).
import { type BlockList, isIP } from 'node:net';

// Built on first use: a BlockList is a native object, and every start (`--version` included) evaluates this module.
let loopback: BlockList | undefined;

export function isLoopback(address: string): boolean {
  const a = address.trim().replace(/^\[|\]$/g, '');
  const family = isIP(a);
  if (family === 0) return a === 'localhost';
  if (loopback === undefined) {
    const { BlockList } = process.getBuiltinModule('node:net');
    loopback = new BlockList();
    loopback.addSubnet('127.0.0.0', 8, 'ipv4');
    loopback.addAddress('::1', 'ipv6');
  }
  return loopback.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

export interface Exposure {
  readonly address: string;
  readonly token: string;
  readonly tls: boolean;
  readonly allowPlainHttp: boolean;
}

/** Why the console must not listen like this, or undefined when it may. */
export function exposureError(e: Exposure, where: string): string | undefined {
  if (isLoopback(e.address)) return undefined;
  if (e.token === '')
    return `${where}: the console listens on ${e.address}, which is not a loopback address: it needs a token (console.token, --token or PEREGRINE_CONSOLE_TOKEN)`;
  if (!e.tls && !e.allowPlainHttp)
    return `${where}: the console listens on ${e.address} without TLS: give a certificate (console.ssl_certificate; live: webserver.ssl_enabled) or set console.allow_plain_http: true`;
  return undefined;
}
