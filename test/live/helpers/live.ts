// Runs `bin/peregrine` live on this host (root, real kernel) the way a user does: started with the rules, ready
// once it says it is capturing, stopped with SIGINT. Alerts are read as JSON lines from its stdout.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BIN, ROOT, SHARED } from '../../helpers/cli.ts';

export const UPSTREAM_RULES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
  join(SHARED, 'upstream/falco-rules', f),
);

export interface JsonAlert {
  readonly rule: string;
  readonly priority: string;
  readonly output: string;
  readonly time: string;
  readonly output_fields: Record<string, string | number | boolean | null>;
}

export interface LiveRun {
  readonly child: ChildProcess;
  /** Resolves once peregrine reports that the sensor is capturing. */
  readonly ready: Promise<void>;
  /** SIGINT, then the alerts, stderr and exit code. */
  stop(signal?: NodeJS.Signals): Promise<{ alerts: JsonAlert[]; stdout: string; stderr: string; code: number | null }>;
}

const running = new Set<ChildProcess>();

/** Kills live runs a failed test left behind. */
export function killLiveRuns(): void {
  for (const c of running) c.kill('SIGKILL');
  running.clear();
}

export function startLive(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  readyWhen: RegExp = /Capturing \d+ syscalls with the eBPF sensor/,
): LiveRun {
  // (alert_store off: live detection stores alerts in /var/lib/peregrine by default; tests leave it alone)
  const child = spawn(
    BIN,
    ['-o', 'json_output=true', '-o', 'webserver.enabled=false', '-o', 'alert_store.enabled=false', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    },
  );
  running.add(child);
  let stdout = '';
  let stderr = '';
  (child.stdout as Readable).setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    (child.stderr as Readable).setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (readyWhen.test(stderr)) resolve();
    });
    void exit.then((code) => reject(new Error(`peregrine exited (${code}) before capturing:\n${stderr}`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    ready,
    async stop(signal = 'SIGINT') {
      child.kill(signal);
      const code = await exit;
      const alerts = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as JsonAlert);
      return { alerts, stdout, stderr, code };
    },
  };
}
