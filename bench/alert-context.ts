// What the alert store's context costs the detection thread, with and without the per-thread context cache
// (src/engine/alert-context.ts): the 1M-event capture replayed in a child process through the engine and the
// detector (alerts dropped by the sink: no store, no channel), in three modes, children alternating:
//   none  the ruleset compiled without the context (the store off)
//   off   the context extracted in full for every alert (PEREGRINE_CONTEXT_CACHE=0)
//   on    the context cache
// Each child replays the capture WARM times and reports the CPU ms of each replay; its figure is the median of
// the replays after the first two (optimised code). The parent prints medians over the children and the context's
// cost per alert: (mode − none) / alerts.
//
//   node_modules/.bin/node bench/alert-context.ts [RUNS] [--rules=FILE] [--capture=FILE]
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { makeCapture } from './make-capture.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const option = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const WARM = 7;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function child(mode: string, rules: string, capture: string): Promise<void> {
  const { eventTypeMap, fieldRegistry } = await import('../src/app/rules-env.ts');
  const { feedFile } = await import('../src/capture/source.ts');
  const { Detector } = await import('../src/engine/detector.ts');
  const { Engine } = await import('../src/engine/engine.ts');
  const { loadRules } = await import('../src/rules/loader.ts');
  const { ALERT_CONTEXT_FIELDS } = await import('../src/store/context.ts');
  type Event = import('../src/state/event.ts').Event;
  const ms: number[] = [];
  let alerts = 0;
  let hits = 0;
  for (let r = 0; r < WARM; r++) {
    const res = loadRules<Event>([rules], {
      registry: fieldRegistry<Event>(),
      eventTypes: eventTypeMap,
      ruleMatching: 'first',
      ...(mode === 'none' ? {} : { alertContextFields: ALERT_CONTEXT_FIELDS }),
    });
    if (res.ruleset === undefined) throw new Error(`${rules} does not load`);
    // the sink keeps the last alert only: the alerts are made, as the store's channel would get them
    let last: unknown = null;
    const detector = new Detector(
      res.ruleset,
      (a) => {
        last = a;
      },
      { hostname: 'bench', timeFormatIso8601: false, contextCache: mode === 'on' },
    );
    const engine = new Engine(detector, { hostname: 'bench' });
    engine.setRelevant(res.ruleset.eventCodes(), null);
    const c0 = process.cpuUsage();
    const fed = await feedFile(capture, engine.blocks);
    const c = process.cpuUsage(c0);
    if (fed.error !== undefined) throw new Error(String(fed.error));
    ms.push((c.user + c.system) / 1000);
    alerts = detector.alerts;
    hits = detector.contextCache?.hits ?? 0;
    void last;
  }
  console.log(JSON.stringify({ ms: median(ms.slice(2)), alerts, hits }));
}

async function parent(): Promise<void> {
  const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 7);
  const rules = option('rules') ?? join(root, 'bench/store-rule.yaml');
  const capture = option('capture') ?? join(root, 'bench/results/replay-1m.scap');
  if (!existsSync(capture)) await makeCapture(capture, 1_000_000);
  const node = join(root, 'node_modules/node/bin/node');
  const run = promisify(execFile);
  const modes = ['none', 'off', 'on'] as const;
  const samples: Record<string, { ms: number; alerts: number; hits: number }[]> = { none: [], off: [], on: [] };
  console.log(`rules ${rules}; capture ${capture}; ${runs} children per mode; load average ${loadavg()[0].toFixed(1)}`);
  for (let i = 0; i < runs; i++) {
    for (const mode of modes) {
      const { stdout } = await run(node, [fileURLToPath(import.meta.url), `--child=${mode}`, rules, capture], {
        cwd: root,
      });
      samples[mode].push(JSON.parse(stdout));
    }
  }
  const none = median(samples.none.map((s) => s.ms));
  const alerts = samples.on[0].alerts;
  console.log('| mode | alerts | from the cache | replay CPU ms (median) | children | context µs per alert |');
  console.log('|---|---|---|---|---|---|');
  for (const mode of modes) {
    const m = median(samples[mode].map((s) => s.ms));
    const perAlert = mode === 'none' ? '' : (((m - none) / alerts) * 1000).toFixed(2);
    console.log(
      `| ${mode} | ${alerts} | ${samples[mode][0].hits} | ${m.toFixed(1)} | ${samples[mode].map((s) => s.ms.toFixed(0)).join(' ')} | ${perAlert} |`,
    );
  }
  console.log(`load average at the end ${loadavg()[0].toFixed(1)}`);
}

const childMode = option('child');
if (childMode !== undefined) {
  const [rules, capture] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  await child(childMode, rules, capture);
} else await parent();
