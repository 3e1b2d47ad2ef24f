// `peregrine -e FILE` (Falco's `-o engine.kind=replay -o replay.capture_file=FILE`): evaluates the loaded rules
// over a capture file and prints each alert as Falco does (text, or the JSON envelope with json_output), then
// Falco's summary. A bad capture is one line on stderr naming the file and the byte offset, and exit 1.
import { type ChildProcess, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import type { Readable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import { formatCaptureError } from '../../capture/errors.ts';
import { EVENT_TABLE } from '../../capture/event-table.ts';
import { feedFile, feedStream, type SourceResult } from '../../capture/source.ts';
import type { Config } from '../../config/config.ts';
import { Detector } from '../../engine/detector.ts';
import { Engine } from '../../engine/engine.ts';
import { recordingRegistry } from '../../engine/relevance.ts';
import { log } from '../../log.ts';
import type { DropMonitor } from '../../outputs/drop-monitor.ts';
import { counters } from '../../server/counters.ts';
import { startOperations } from '../../server/operations.ts';
import type { Event } from '../../state/event.ts';
import { PEREGRINE_VERSION } from '../../version.ts';
import type { CliOptions } from '../options.ts';
import { fieldRegistry } from '../rules-env.ts';
import { loadConfiguredRules } from './dry-run.ts';
import { chooseRelevant, detectorReloader, rulesDigests } from './reload-target.ts';
import { loadCliConfig } from './validate.ts';

/** The capture to replay: -e, or the configuration's engine.kind=replay with replay.capture_file. */
export function replayFile(opts: CliOptions, config: Config): string | undefined {
  if (opts.captureFile !== undefined) return opts.captureFile;
  const engine = config.engine as { kind?: unknown; replay?: { capture_file?: unknown } } | undefined;
  if (engine?.kind !== 'replay') return undefined;
  const f = engine.replay?.capture_file;
  return typeof f === 'string' && f !== '' ? f : '';
}

/** The hostname alerts carry: PEREGRINE_HOSTNAME, Falco's FALCO_HOSTNAME, else the machine's. */
export function alertHostname(): string {
  return process.env.PEREGRINE_HOSTNAME || process.env.FALCO_HOSTNAME || osHostname();
}

/**
 * One event through the drop monitor, the counters and the rules: what replay and live do after their own
 * stop checks. False when the drop monitor's exit action fired (the event is not evaluated).
 */
export function detectEvent(drops: DropMonitor, detector: Detector, evt: Event): boolean {
  if (!drops.onEvent(evt)) return false;
  counters.eventsProcessed++;
  counters.eventsByType[evt.type]++;
  detector.event(evt);
  return true;
}

export async function runReplay(opts: CliOptions, config?: Config): Promise<number> {
  const cfg = config ?? loadCliConfig(opts);
  if (cfg === undefined) return 1;
  const file = replayFile(opts, cfg);
  if (file === undefined || file === '') {
    process.stderr.write(
      'peregrine: Error: replay needs a capture file: -e FILE or -o engine.replay.capture_file=FILE\n',
    );
    return 1;
  }
  return runDetection(opts, cfg, isStream(file) ? streamSource(file) : fileSource(file));
}

/** A capture file (raw or gzip), with a progress bar on a terminal. */
function fileSource(file: string): DetectionSource {
  return {
    name: file,
    live: false,
    feed(engine, hooks) {
      const bar = process.stderr.isTTY
        ? new SingleBar({
            format: 'replay [{bar}] {percentage}% | {value}/{total} MiB | {events} events',
            stream: process.stderr,
            hideCursor: true,
          })
        : undefined;
      bar?.start(1, 0, { events: 0 });
      return feedFile(file, engine.blocks, {
        ...hooks,
        onProgress:
          bar === undefined
            ? undefined
            : (f) => bar.update(Math.round(f * 1000) / 1000, { events: engine.stats.events }),
      }).finally(() => bar?.stop());
    },
  };
}

/**
 * A FIFO or stdin. fs streams read it with blocking reads in libuv's thread pool, which a signal cannot
 * interrupt; `cat` turns it into a pipe that can be closed when the run must stop.
 */
function streamSource(file: string): DetectionSource {
  let reader: ChildProcess | undefined;
  return {
    name: file,
    live: false,
    feed(engine, hooks) {
      reader = spawn('cat', [file], { stdio: ['inherit', 'pipe', 'inherit'] });
      return feedStream(reader.stdout as Readable, engine.blocks, hooks);
    },
    interrupt() {
      reader?.kill();
      reader?.stdout?.destroy();
    },
  };
}

/** Where events come from: a capture file, a stream, or (live) the sensor's pipe. */
export interface DetectionSource {
  /** For messages: the file, or a description of the live source. */
  readonly name: string;
  /** A live source starts the webserver (Falco does not on replays). */
  readonly live: boolean;
  /** Feeds the engine until the source ends or `shouldStop` says so; calls `afterChunk` after each chunk. */
  feed(
    engine: Engine,
    hooks: { shouldStop: () => boolean; afterChunk: () => Promise<void> | undefined },
  ): Promise<SourceResult>;
  /** SIGTERM/SIGINT: unblock a read that waits for data. */
  interrupt?(): void;
}

/**
 * Detection over any source: rules from the configuration and flags, outputs and operations
 * (src/server/operations.ts), the drop monitor and counters per event, reload, and Falco's end-of-run
 * summary. The live action calls this with the sensor as source.
 */
export async function runDetection(opts: CliOptions, cfg: Config, source: DetectionSource): Promise<number> {
  if (opts.unbuffered) cfg.buffered_outputs = false;
  // The fields the rules and outputs use decide which state the replay must keep (src/engine/relevance.ts).
  const usedFields = new Set<string>();
  const rules = loadConfiguredRules<Event>(opts, cfg, recordingRegistry(fieldRegistry<Event>(), usedFields));
  if (rules?.ruleset === undefined) return 1;

  // Outputs, drop monitor, signals and the rest of what an operator configures (src/server/operations.ts).
  const started0 = await startOperations(cfg, {
    live: source.live,
    ebpf: source.live,
    pidfile: opts.pidfile,
    unbuffered: opts.unbuffered,
  });
  if ('error' in started0) {
    process.stderr.write(`peregrine: Error: ${started0.error}\n`);
    return 1;
  }
  const ops = started0;
  // Falco's start-up lines (log_stderr / log_syslog at info level).
  log.info(`Peregrine version: ${PEREGRINE_VERSION} (Node.js ${process.versions.node})`);
  if (cfg.meta.files.length > 0) {
    log.info(
      `Peregrine initialized with configuration files:\n${cfg.meta.files.map((f) => `   ${f.path}`).join('\n')}`,
    );
  }
  log.info(`Loading rules from:\n${[...rules.contents.keys()].map((f) => `   ${f}`).join('\n')}`);
  log.info(`${source.live ? 'Opening live capture' : 'Reading events from'} ${source.name}`);
  counters.rulesLoaded = rules.ruleset.enabled.length;
  counters.rulesFiles = rulesDigests(rules.contents);
  const hostname = alertHostname();
  const detector = new Detector(rules.ruleset, ops.emit, { hostname, timeFormatIso8601: cfg.time_format_iso_8601 });
  const engine = new Engine(detector, { hostname });
  chooseRelevant(engine, rules.ruleset, cfg, usedFields);
  counters.eventTypeName = (code) => EVENT_TABLE[code]?.name ?? String(code);
  ops.setReloader(detectorReloader(opts, ops, detector, engine));

  // -M: stop once the capture has covered this much event time (Falco's duration_to_tot).
  let stop = false;
  let dropExit = false;
  const limit = opts.durationSeconds === undefined ? 0n : BigInt(Math.round(opts.durationSeconds * 1e9));
  let start = -1n;
  const drops = ops.drops;
  engine.setSink({
    event(evt: Event) {
      if (stop) return;
      if (limit > 0n) {
        const ts = evt.ts;
        if (start < 0n) start = ts;
        else if (ts - start >= limit) {
          stop = true;
          return;
        }
      }
      if (!detectEvent(drops, detector, evt)) {
        stop = true;
        dropExit = true;
      }
    },
  });
  // Also ends a wait for room in a channel that is down (the replay would otherwise wait for it forever).
  const stopped = new AbortController();
  const onSignal = () => {
    stop = true;
    stopped.abort();
    source.interrupt?.();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const started = process.hrtime.bigint();
  const afterChunk = (): Promise<void> | undefined => {
    counters.eventsCaptured = engine.stats.events;
    // A capture is read no faster than the slowest output delivers: nothing is dropped for want of room.
    // Live, detection never waits for an output: a full queue drops (and counts) instead.
    return source.live ? undefined : (ops.outputs.waitForRoom(stopped.signal) ?? undefined);
  };
  const res = await source.feed(engine, { shouldStop: () => stop, afterChunk });
  counters.eventsCaptured = engine.stats.events;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  // Every queued alert is delivered (or counted) before the summary, as Falco flushes its outputs first.
  await ops.close();
  if (res.error !== undefined) {
    // The error is the run's last word: no summary after it, so it cannot be missed.
    process.stderr.write(`peregrine: ${formatCaptureError(source.name, res.error)}\n`);
    return 1;
  }
  process.stderr.write(drops.summary());
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(detector.summary(engine.stats.events));
  if (opts.verbose) {
    const rate = elapsed > 0 ? Math.round(engine.stats.events / elapsed) : 0;
    process.stderr.write(
      `peregrine: ${engine.stats.events} events from ${source.name} in ${elapsed.toFixed(3)} s (${rate} events/s; ` +
        `${engine.stats.delivered + engine.stats.stateOnly} decoded for the rules and the state)\n`,
    );
  }
  return dropExit ? 1 : 0;
}

/** A FIFO or character device given to -e (a pipe, /dev/stdin): read as a stream, not by position. */
function isStream(file: string): boolean {
  try {
    const st = statSync(file);
    return st.isFIFO() || st.isCharacterDevice() || st.isSocket();
  } catch {
    return false;
  }
}
