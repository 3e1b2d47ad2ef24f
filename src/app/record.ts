// `peregrine -e IN -w OUT [CONDITION]`: copies the events of a capture (those matching the condition, when one
// is given) into a new capture file that sysdig, Falco, Wireshark and Peregrine open. The metadata (processes,
// fds, users, interfaces) is written as the input had it, so the output replays to the same state.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { DF_STATE_ONLY } from '../capture/blocks.ts';
import { type CaptureError, formatCaptureError } from '../capture/errors.ts';
import { EVENT_TABLE } from '../capture/event-table.ts';
import { feedLive } from '../capture/live-source.ts';
import { feedFile } from '../capture/source.ts';
import { baseSyscallsFromConfig, selectSyscalls } from '../capture/syscall-set.ts';
import { type CaptureMetadata, emptyMetadata, ScapWriter } from '../capture/writer.ts';
import type { Config } from '../config/config.ts';
import { Engine } from '../engine/engine.ts';
import { compileFilter } from '../engine/filter.ts';
import { metadataCopier } from '../engine/metadata-copy.ts';
import { log } from '../log.ts';
import { affectsState } from '../state/dispatch.ts';
import type { Event } from '../state/event.ts';
import { hostInterfaces } from '../state/host-interfaces.ts';
import { ProcThreadSource } from '../state/proc-lookup.ts';
import { MAX_FDS_PER_PROCESS, MAX_THREADS } from '../state/threads.ts';
import { captureFileOf, liveEngineError } from './settings.ts';

/** What `peregrine -w` reads of the command line. */
export interface RecordFlags {
  /** -w FILE */
  readonly writeFile: string;
  /** The condition given after the options: only matching events are written (others that change state are kept
   * as state-only). */
  readonly writeFilter?: string;
  readonly captureFile?: string;
  readonly durationSeconds?: number;
  readonly allEvents: boolean;
}

export async function runRecording(flags: RecordFlags, config: Config): Promise<number> {
  const out = flags.writeFile;
  // Without -e the events come from the live sensor: `peregrine -w FILE` records this host, as sysdig -w does.
  const input = captureFileOf(config, flags);
  if (input === '') {
    process.stderr.write('peregrine: Error: -w needs events to write: give a capture with -e FILE\n');
    return 1;
  }
  if (input === undefined) {
    const kindError = liveEngineError(config);
    if (kindError !== undefined) {
      process.stderr.write(`peregrine: Error: ${kindError}\n`);
      return 1;
    }
  }
  let filter: ((evt: Event) => boolean) | undefined;
  if (flags.writeFilter !== undefined) {
    const f = compileFilter(flags.writeFilter);
    if (typeof f !== 'function') {
      process.stderr.write(`peregrine: Error: condition '${flags.writeFilter}': ${f.error}\n`);
      return 1;
    }
    filter = f;
  }

  const file = createWriteStream(out);
  const opened = new Promise<Error | undefined>((resolve) => {
    file.once('open', () => resolve(undefined));
    file.once('error', (err) => resolve(err));
  });
  const openError = await opened;
  if (openError !== undefined) {
    process.stderr.write(
      `peregrine: ${out}: cannot write: ${(openError as NodeJS.ErrnoException).code ?? openError.message}\n`,
    );
    return 1;
  }
  let writeError: Error | undefined;
  file.on('error', (err) => {
    writeError ??= err;
  });
  const gzip = out.endsWith('.gz') ? createGzip() : undefined;
  gzip?.pipe(file);
  const stream: Writable = gzip ?? file;
  const writer = new ScapWriter((chunk) => {
    stream.write(chunk);
  });

  const meta: CaptureMetadata = emptyMetadata();
  let headerWritten = false;
  let read = 0;
  let stateOnly = 0;
  const writeHeader = () => {
    if (!headerWritten) writer.writeHeader(meta);
    headerWritten = true;
  };
  const engine = new Engine(
    {
      section(_shb, first) {
        // A concatenated input starts over: its metadata comes next.
        if (!first) {
          writer.flushEvents();
          Object.assign(meta, emptyMetadata());
          headerWritten = false;
        }
      },
      metadataEnd: writeHeader,
      event(evt) {
        read++;
        if (filter === undefined || filter(evt)) writer.writeEvent(evt);
        // An event that does not match but changes state is kept as state-only, so the file replays to the
        // same processes and fds; readers (sysdig included) never show it.
        else if (affectsState(evt.type)) {
          writer.writeEvent(evt, DF_STATE_ONLY);
          stateOnly++;
        }
      },
      // The input's own state-only events stay state-only.
      stateOnly(evt) {
        writer.writeEvent(evt, DF_STATE_ONLY);
        stateOnly++;
      },
    },
    // Bounded like the state tables, whatever the input claims.
    { observer: metadataCopier(meta, { threads: MAX_THREADS, fdsPerProcess: MAX_FDS_PER_PROCESS }) },
  );
  // One wait for 'drain' however many chunks arrive while the file is behind (the sensor's pipe may still deliver
  // a few after it was paused). Whether to wait is the stream's own state at this moment: a flag remembered from
  // an earlier write could be stale once the stream drained, and a wait for a 'drain' that already happened never
  // ends (it stalled the sensor, and the recording never stopped).
  let draining: Promise<void> | undefined;
  const afterChunk = (): Promise<void> | undefined => {
    writer.flushEvents();
    if (draining !== undefined) return draining;
    if (!stream.writableNeedDrain) return undefined;
    draining = once(stream, 'drain').then(() => {
      draining = undefined;
    });
    return draining;
  };
  let res: { error?: CaptureError };
  if (input !== undefined) {
    res = await feedFile(input, engine.blocks, { afterChunk });
  } else {
    // The recorder's own state (for the condition) fills missing threads from /proc, as detection does.
    engine.state.threadSource = new ProcThreadSource(process.env.HOST_ROOT ?? '');
    // The host's interfaces, as libscap writes them into a live capture's IL block (the stream has none).
    engine.interfaces(hostInterfaces());
    // Everything the sensor captures, as sysdig -w records everything; the high-volume I/O syscalls only
    // with -A or base_syscalls.all, as for detection.
    const all = selectSyscalls(
      EVENT_TABLE.map((e) => e.code),
      baseSyscallsFromConfig(config.base_syscalls, flags.allEvents),
    );
    const live = await feedLive(engine.blocks, {
      syscalls: all.native,
      durationSeconds: flags.durationSeconds,
      afterChunk,
      onLog: (line) => log.debug(`sensor: ${line}`),
      onReady: (src) => log.info(`Recording this host to ${out} (${src.ready?.mode} mode); SIGINT or -M stops`),
    });
    if (live.error !== undefined) {
      stream.end();
      await once(file, 'close');
      process.stderr.write(`peregrine: Error: ${live.error}\n`);
      return 1;
    }
    res = {};
  }
  writeHeader();
  writer.flushEvents();
  stream.end();
  await once(file, 'close');
  if (res.error !== undefined) {
    process.stderr.write(`peregrine: ${formatCaptureError(input ?? 'sensor', res.error)}\n`);
    return 1;
  }
  if (writeError !== undefined) {
    process.stderr.write(
      `peregrine: ${out}: write error: ${(writeError as NodeJS.ErrnoException).code ?? writeError.message}\n`,
    );
    return 1;
  }
  const kept = stateOnly === 0 ? '' : ` (and ${stateOnly} state-only events)`;
  process.stderr.write(`peregrine: wrote ${writer.events - stateOnly} of ${read} events to ${out}${kept}\n`);
  return 0;
}
