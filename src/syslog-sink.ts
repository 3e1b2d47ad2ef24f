// A syslog client for the host's /dev/log (a unix datagram socket), in the format glibc's syslog(3) writes:
// `<PRI>Mmm dd HH:MM:SS ident: message`, facility USER. Used by the syslog alert channel and by the logger.
//
// Node's dgram has no unix sockets, so this uses the `unix-dgram` add-on. It drops silently on EAGAIN, so a
// congested send is kept and retried on the socket's `writable` event. When the add-on cannot be loaded, a
// long-lived `logger -u PATH --prio-prefix` child carries the messages instead.
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants as osConstants } from 'node:os';

const USER_FACILITY = 1;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `<PRI>Mmm dd HH:MM:SS ident: msg`, with glibc's space-padded day (`%e`). */
export function syslogLine(severity: number, ident: string, msg: string, now: Date = new Date()): string {
  const d = now.getDate();
  const t = now.toTimeString().slice(0, 8);
  return `<${USER_FACILITY * 8 + severity}>${MONTHS[now.getMonth()]} ${d < 10 ? ` ${d}` : d} ${t} ${ident}: ${msg}`;
}

export interface SyslogSink {
  /** Sends one message; resolves once the datagram was accepted by the socket, rejects on a socket error. */
  write(severity: number, msg: string): Promise<void>;
  /** Fire and forget (for logs): errors are swallowed, at most `maxPending` sends wait on congestion. */
  send(severity: number, msg: string): void;
  close(): void;
}

interface DgramSocket {
  connected?: boolean;
  on(ev: string, fn: (...args: unknown[]) => void): void;
  once(ev: string, fn: (...args: unknown[]) => void): void;
  removeAllListeners(ev?: string): void;
  connect(path: string): void;
  send(buf: Buffer, cb: (err?: Error & { code?: number | string }) => void): void;
  close(): void;
}
interface DgramModule {
  createSocket(type: 'unix_dgram'): DgramSocket;
}

let dgramModule: DgramModule | null | undefined;
function loadDgram(): DgramModule | null {
  if (dgramModule === undefined) {
    try {
      dgramModule = createRequire(import.meta.url)('unix-dgram') as DgramModule;
    } catch {
      dgramModule = null;
    }
  }
  return dgramModule;
}

export interface SyslogSinkOptions {
  /** Socket path; default /dev/log. */
  path?: string;
  ident: string;
  maxPending?: number;
}

export function openSyslogSink(opts: SyslogSinkOptions): SyslogSink {
  const mod = loadDgram();
  return mod !== null ? new DgramSink(mod, opts) : new LoggerChildSink(opts);
}

class DgramSink implements SyslogSink {
  private sock: DgramSocket | undefined;
  private writableWaiters: (() => void)[] = [];
  private pending = 0;
  private readonly path: string;
  private readonly maxPending: number;
  private readonly mod: DgramModule;
  private readonly opts: SyslogSinkOptions;

  constructor(mod: DgramModule, opts: SyslogSinkOptions) {
    this.mod = mod;
    this.opts = opts;
    this.path = opts.path ?? '/dev/log';
    this.maxPending = opts.maxPending ?? 1000;
  }

  private socket(): DgramSocket {
    if (this.sock !== undefined) return this.sock;
    const s = this.mod.createSocket('unix_dgram');
    let connectError: Error | undefined;
    // Attach the listeners before connect(): the add-on emits synchronously.
    s.on('error', (err) => {
      connectError = err as Error;
    });
    s.on('writable', () => {
      const waiters = this.writableWaiters;
      this.writableWaiters = [];
      for (const w of waiters) w();
    });
    s.connect(this.path);
    if (connectError !== undefined || !s.connected) {
      try {
        s.close();
      } catch {
        // already closed
      }
      throw new Error(`cannot connect to ${this.path}: ${describe(connectError)}`);
    }
    this.sock = s;
    return s;
  }

  write(severity: number, msg: string): Promise<void> {
    const buf = Buffer.from(syslogLine(severity, this.opts.ident, msg));
    return new Promise((resolve, reject) => {
      const attempt = (): void => {
        let s: DgramSocket;
        try {
          s = this.socket();
        } catch (err) {
          reject(err);
          return;
        }
        s.send(buf, (err) => {
          if (err === undefined || err === null) resolve();
          else if (err.message === 'congestion') this.writableWaiters.push(attempt);
          else {
            this.drop();
            reject(new Error(`cannot send to ${this.path}: ${describe(err)}`));
          }
        });
      };
      attempt();
    });
  }

  send(severity: number, msg: string): void {
    if (this.pending >= this.maxPending) return;
    this.pending++;
    this.write(severity, msg).then(
      () => {
        this.pending--;
      },
      () => {
        this.pending--;
      },
    );
  }

  /** Forget the socket so the next write reconnects (syslog daemons recreate /dev/log on restart). */
  private drop(): void {
    if (this.sock === undefined) return;
    try {
      this.sock.close();
    } catch {
      // already closed
    }
    this.sock.removeAllListeners();
    this.sock = undefined;
  }

  close(): void {
    this.drop();
  }
}

/** Fallback without the add-on: util-linux `logger` reads `<PRI>message` lines and sends them to the socket. */
class LoggerChildSink implements SyslogSink {
  private child: ChildProcess | undefined;
  private readonly opts: SyslogSinkOptions;
  constructor(opts: SyslogSinkOptions) {
    this.opts = opts;
  }

  private proc(): ChildProcess {
    if (this.child !== undefined && this.child.exitCode === null) return this.child;
    // node:child_process is loaded by the runs that fall back to logger(1), not by every start.
    const c = process
      .getBuiltinModule('node:child_process')
      .spawn('logger', ['-u', this.opts.path ?? '/dev/log', '--prio-prefix', '-t', this.opts.ident], {
        stdio: ['pipe', 'ignore', 'ignore'],
      });
    c.on('error', () => {});
    c.stdin?.on('error', () => {});
    this.child = c;
    return c;
  }

  write(severity: number, msg: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const c = this.proc();
      c.stdin?.write(`<${USER_FACILITY * 8 + severity}>${msg.replace(/\n/g, ' ')}\n`, (err) => {
        if (err) reject(err);
        else resolve();
      });
    });
  }

  send(severity: number, msg: string): void {
    this.write(severity, msg).catch(() => {});
  }

  close(): void {
    this.child?.stdin?.end();
    this.child = undefined;
  }
}

function describe(err: unknown): string {
  if (err === undefined) return 'not connected';
  const e = err as { code?: unknown; message?: string };
  if (typeof e.code === 'number') {
    // unix-dgram reports -errno; name it as the rest of Node does (ENOENT, ECONNREFUSED, …).
    const n = Math.abs(e.code);
    const name = Object.entries(osConstants.errno).find(([, v]) => v === n)?.[0];
    return name ?? `errno ${n}`;
  }
  return e.message ?? String(err);
}
