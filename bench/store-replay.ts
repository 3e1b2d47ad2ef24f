// Does storing alerts slow a replay? The same replay with and without the alert store, interleaved, RUNS times
// each, medians: wall time of the whole command and the replay phase (-v: first to last block). Two rule sets:
//   (a) bench/simple-rule.yaml (8,325 alerts over the 1M capture, ~30,000 alerts/s of replay)
//   (b) bench/store-rule.yaml, every open of a file below /etc or /usr/lib (more alerts per event)
// Each stored run writes a fresh store and must hold exactly the alerts the run reports (Events detected), or the
// numbers are void. The capture is bench/make-capture.ts's (502Error.scap back to back, at least MIN_EVENTS).
//
//   node_modules/.bin/node bench/store-replay.ts [RUNS] [MIN_EVENTS]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { makeCapture } from './make-capture.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[2] ?? 7);
const MIN_EVENTS = Number(process.argv[3] ?? 1_000_000);
const capture = join(root, `bench/results/replay-${MIN_EVENTS / 1_000_000}m.scap`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
if (!existsSync(capture)) await makeCapture(capture, MIN_EVENTS);
const peregrine = join(root, 'bin/peregrine');
const dir = mkdtempSync(join(tmpdir(), 'peregrine-bench-store-replay-'));

interface Sample {
  wall: number;
  phase: number;
  alerts: number;
  stored: number;
}

function run(rules: string, store: string | undefined): Promise<Sample> {
  const args = ['-v', '-r', rules, '-e', capture, '-o', 'stdout_output.enabled=false'];
  if (store !== undefined) args.push('-o', 'alert_store.enabled=true', '-o', `alert_store.path=${store}`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(peregrine, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      const phase = /events from .* in (\d+\.\d+) s/.exec(err);
      const detected = /Events detected: (\d+)/.exec(out);
      if (code !== 0 || phase === null || detected === null) {
        reject(new Error(`peregrine ${args.join(' ')} failed (${code}): ${err.slice(-400)}`));
        return;
      }
      let stored = 0;
      if (store !== undefined) {
        const db = new DatabaseSync(store, { readOnly: true });
        stored = (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
        db.close();
        rmSync(store, { force: true });
      }
      resolve({ wall, phase: Number(phase[1]), alerts: Number(detected[1]), stored });
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const RULESETS: Record<string, string> = {
  '(a) simple rule': join(root, 'bench/simple-rule.yaml'),
  '(b) every open below /etc or /usr/lib': join(root, 'bench/store-rule.yaml'),
};
await run(RULESETS['(a) simple rule'], undefined); // warm the compile cache and the page cache
console.log(`capture: ${capture}; ${RUNS} interleaved runs each\n`);
console.log(
  '| rules | store | alerts | wall s (median) | replay phase s (median) | alerts/s in the replay phase | slowdown (phase) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const [name, rules] of Object.entries(RULESETS)) {
  const without: Sample[] = [];
  const withStore: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    without.push(await run(rules, undefined));
    const s = await run(rules, join(dir, `store-${i}.db`));
    if (s.stored !== s.alerts) throw new Error(`${name}: ${s.alerts} alerts detected, ${s.stored} stored`);
    withStore.push(s);
  }
  const w0 = median(without.map((s) => s.phase));
  const w1 = median(withStore.map((s) => s.phase));
  const alerts = withStore[0].alerts;
  for (const [label, xs, phase] of [
    ['no', without, w0],
    ['yes', withStore, w1],
  ] as const) {
    console.log(
      `| ${name} | ${label} | ${alerts} | ${median(xs.map((s) => s.wall)).toFixed(2)} | ${phase.toFixed(3)} | ${Math.round(alerts / phase)} | ${label === 'yes' ? `${(((w1 - w0) / w0) * 100).toFixed(1)} %` : ''} |`,
    );
  }
  console.log(
    `|  | runs (phase s) | | | no: ${without.map((s) => s.phase.toFixed(3)).join(' ')}; yes: ${withStore.map((s) => s.phase.toFixed(3)).join(' ')} | | |`,
  );
}
rmSync(dir, { recursive: true, force: true });
