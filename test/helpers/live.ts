// A live Peregrine for end-to-end tests: `bin/peregrine` watching this host (eBPF sensor, as root), alerts as
// JSON lines, collected as they come. Tests wait on alerts (`waitFor`), never on the clock.
//
// Readiness: Peregrine is ready once the sensor has attached and scanned /proc; the sensor says so on stderr
// ("peregrine-sensor: read N processes, …"), and Falco's own start-up line ("Opening 'syscall' source") is
// accepted too. Both the process and an in-container Peregrine (docker logs) are read the same way.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, ROOT } from './cli.ts';
import { noDocker } from './docker.ts';

/** Why live end-to-end tests cannot run here (no dockerd, not root, no sensor), or undefined. */
export function noLive(): string | undefined {
  const d = noDocker();
  if (d !== undefined) return d;
  if (process.getuid?.() !== 0) return 'live capture needs root';
  if (!existsSync(join(ROOT, 'sensor/build/peregrine-sensor'))) return 'the sensor is not built (make -C sensor)';
  return undefined;
}

/** What the process prints once events flow. */
export const READY =
  /Capturing \d+ syscalls with the eBPF sensor|peregrine-sensor: read \d+ processes|Opening 'syscall' source/;
/** Peregrine's internal alert about lost events (Falco's name). */
export const DROP_RULE = 'Falco internal: syscall event drop';

/** What a build without live detection prints (the tests then skip, saying why). */
export const NOT_BUILT = /live detection is not available in this build yet/;

export interface AlertJson {
  readonly rule: string;
  readonly priority: string;
  readonly output: string;
  readonly output_fields: Readonly<Record<string, unknown>>;
}

/** Alerts as they arrive, with waiting on a predicate. */
export class AlertLog {
  readonly alerts: AlertJson[] = [];
  private waiters: { pred: (a: AlertJson) => boolean; resolve: (a: AlertJson) => void }[] = [];
  private partial = '';

  /** Feeds raw output; complete JSON lines become alerts, anything else is ignored. */
  push(text: string): void {
    this.partial += text;
    let nl = this.partial.indexOf('\n');
    while (nl >= 0) {
      const line = this.partial.slice(0, nl).trim();
      this.partial = this.partial.slice(nl + 1);
      if (line.startsWith('{')) {
        try {
          const a = JSON.parse(line) as AlertJson;
          if (typeof a.rule === 'string') this.add(a);
        } catch {
          // not an alert line
        }
      }
      nl = this.partial.indexOf('\n');
    }
  }

  /** The first alert (already seen, from index `from` on, or still to come) that satisfies `pred`. */
  waitFor(pred: (a: AlertJson) => boolean, from = 0): Promise<AlertJson> {
    const seen = this.alerts.slice(from).find(pred);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  /**
   * Does `action` and waits for the alert `pred` describes. Should Peregrine report dropped events after the
   * action started (its syscall_event_drops alert; startLive makes every drop reported), the event the test
   * waits for may be among them: the action is done again, up to `tries` times, and the failure says why.
   */
  async expect(action: () => Promise<unknown>, pred: (a: AlertJson) => boolean, tries = 3): Promise<AlertJson> {
    for (let i = 0; i < tries; i++) {
      const from = this.alerts.length;
      await action();
      const got = await Promise.race([this.waitFor(pred, from), this.waitFor((a) => a.rule === DROP_RULE, from)]);
      if (got.rule !== DROP_RULE || pred(got)) return got;
    }
    throw new Error(`the expected alert did not come: events were dropped each of the ${tries} times`);
  }

  /** Alerts about one container (by full or short id). */
  forContainer(id: string): AlertJson[] {
    const short = id.slice(0, 12);
    return this.alerts.filter((a) => a.output_fields['container.id'] === short);
  }

  private add(a: AlertJson): void {
    this.alerts.push(a);
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.pred(a)) w.resolve(a);
      else keep.push(w);
    }
    this.waiters = keep;
  }
}

export interface LivePeregrine {
  readonly log: AlertLog;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `bin/peregrine ARGS` live with JSON alerts on stdout (the container fields in output_fields) and waits
 * until it is ready. Resolves `{skip}` when this build has no live detection, rejects when it exits early.
 * PEREGRINE_LIVE_CMD replaces bin/peregrine (a development harness with the same flags).
 */
export function startLive(args: string[]): Promise<LivePeregrine | { skip: string }> {
  const cmd = process.env.PEREGRINE_LIVE_CMD ?? BIN;
  const child: ChildProcess = spawn(
    cmd,
    [
      ...args,
      '-o',
      'json_output=true',
      '-o',
      'json_include_output_fields_property=true',
      '-o',
      'stdout_output.enabled=true',
      '-o',
      'webserver.enabled=false',
      // live detection stores alerts by default (/var/lib/peregrine): tests keep the host's store untouched
      '-o',
      'alert_store.enabled=false',
      // every drop is reported, so a test knows when the event it waits for may be lost
      '-o',
      'syscall_event_drops.threshold=0',
      '-o',
      'syscall_event_drops.actions[0]=alert',
      '-o',
      'syscall_event_drops.rate=1000',
      '-o',
      'syscall_event_drops.max_burst=1000',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = new AlertLog();
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => log.push(d));
  return new Promise((resolve, reject) => {
    let ready = false;
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (!ready && READY.test(err)) {
        ready = true;
        resolve({
          log,
          stderr: () => err,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      if (ready) return;
      if (NOT_BUILT.test(err)) resolve({ skip: `bin/peregrine has no live detection yet: ${err.trim()}` });
      else reject(new Error(`peregrine exited (${code}) before it was ready:\n${err}`));
    });
  });
}

/**
 * Follows a file another process appends alerts to (Peregrine's file_output), feeding an AlertLog; the file
 * may not exist yet. Event-driven: fs.watch on its directory.
 */
export function followFile(path: string, log: AlertLog): { stop(): void } {
  let pos = 0;
  const readMore = (): void => {
    if (!existsSync(path)) return;
    const size = statSync(path).size;
    if (size < pos) pos = 0; // rotated or truncated
    if (size === pos) return;
    const fd = openSync(path, 'r');
    const buf = Buffer.alloc(size - pos);
    readSync(fd, buf, 0, buf.length, pos);
    closeSync(fd);
    pos = size;
    log.push(buf.toString('utf8'));
  };
  const watcher = watch(dirname(path), () => readMore());
  readMore();
  return { stop: () => watcher.close() };
}
