// syslog_output: each alert is one datagram to the host's /dev/log, with the alert's priority as the syslog
// severity and facility USER, as Falco's syslog(3) call does.

import { statSync } from 'node:fs';
import { openSyslogSink } from '../../syslog-sink.ts';
import type { Channel } from '../channel.ts';
import { DeliveryError } from '../channel.ts';
import type { QueuedAlert } from '../queue.ts';

export interface SyslogChannelOptions {
  /** Default /dev/log. */
  path?: string;
  ident?: string;
}

export function syslogChannel(opts: SyslogChannelOptions = {}): Channel {
  const path = opts.path ?? '/dev/log';
  const sink = openSyslogSink({ path, ident: opts.ident ?? 'peregrine' });
  return {
    name: 'syslog',
    batchMax: 256,
    async deliver(batch: readonly QueuedAlert[]): Promise<void> {
      for (let i = 0; i < batch.length; i++) {
        try {
          await sink.write(batch[i].severity, batch[i].line);
        } catch (err) {
          throw new DeliveryError(`syslog: ${(err as Error).message}`, false, i);
        }
      }
    },
    preflight(): string | undefined {
      try {
        return statSync(path).isSocket() ? undefined : `${path} is not a socket: no syslog daemon listens there`;
      } catch {
        return `${path} does not exist: no syslog daemon runs on this host`;
      }
    },
    async close(): Promise<void> {
      sink.close();
    },
  };
}
