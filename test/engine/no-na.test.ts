// "No <NA> for a container that exists", through the real engine and rules: a capture of a shell in a docker
// container (falco-psp/run_as_user_0_container.scap) replayed with the container's metadata held back, as if the
// runtime were slow. The alerts wait — while every event is still processed — and come out with the name and
// image once the metadata arrives; or, when it never does, with <NA> after the bounded wait.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { eventTypeMap, fieldRegistry } from '../../src/app/rules-env.ts';
import { feedFile } from '../../src/capture/source.ts';
import { AlertDeferral } from '../../src/engine/alert-deferral.ts';
import { Detector } from '../../src/engine/detector.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { Alert } from '../../src/outputs/alert.ts';
import { loadRules } from '../../src/rules/loader.ts';
import type { ContainerInfo } from '../../src/state/containers/model.ts';
import type { Event } from '../../src/state/event.ts';
import { SHARED } from '../helpers/cli.ts';

const CAPTURE = join(SHARED, 'upstream/scap/falco-psp/run_as_user_0_container.scap');
const RULES = join(tmpdir(), `peregrine-no-na-${process.pid}.yaml`);
writeFileSync(
  RULES,
  `- rule: exec in container
  desc: a program started in a container
  condition: evt.type = execve and container.id != host
  output: exec %proc.name in %container.id name=%container.name image=%container.image
  priority: WARNING

- rule: nginx runs ls
  desc: a condition that reads the container's metadata
  condition: evt.type = execve and proc.name = ls and container.image.repository = nginx
  output: ls in %container.name (parent %proc.pname)
  priority: NOTICE
`,
);

interface Run {
  alerts: Alert[];
  /** The metadata the "runtime" has not delivered yet. */
  heldBack: ContainerInfo[];
  release(): void;
  timeout(): void;
  deferral: AlertDeferral;
  events: number;
}

async function replayWithSlowRuntime(): Promise<Run> {
  const res = loadRules<Event>([RULES], {
    registry: fieldRegistry<Event>(),
    eventTypes: eventTypeMap,
    ruleMatching: 'all',
  });
  assert.ok(res.ruleset, 'rules load');
  const alerts: Alert[] = [];
  const engine = new Engine({ event() {} });
  const store = engine.state.containers;
  // the runtime is slow: the capture's container-json event stands for its answer, which we hold back
  const heldBack: ContainerInfo[] = [];
  const set = store.set.bind(store);
  store.set = (info) => heldBack.push(info);
  store.setResolver({ lookup() {} });
  let fire: () => void = () => {};
  const deferral = new AlertDeferral({
    store,
    waitMs: 1000,
    emit: (a) => alerts.push(a),
    setTimer: (cb) => {
      fire = cb;
      return cb;
    },
    clearTimer: () => {},
  });
  const detector = new Detector(res.ruleset, (a) => alerts.push(a), {
    hostname: 'h',
    timeFormatIso8601: false,
    deferral,
  });
  engine.setSink(detector);
  const r = await feedFile(CAPTURE, engine.blocks);
  assert.equal(r.error, undefined);
  return {
    alerts,
    heldBack,
    release: () => {
      for (const info of heldBack) set(info);
    },
    timeout: () => fire(),
    deferral,
    events: engine.stats.events,
  };
}

test('alerts wait for the container’s metadata, then carry its name and image', async () => {
  const run = await replayWithSlowRuntime();
  assert.equal(run.events, 4143, 'every event was processed while the alerts waited');
  assert.equal(run.alerts.length, 0, 'nothing printed with <NA>');
  run.release();
  assert.deepEqual(
    run.alerts.map((a) => a.message),
    [
      'exec bash in 697956520d89 name=hopeful_taussig image=nginx',
      'exec ls in 697956520d89 name=hopeful_taussig image=nginx',
      'ls in hopeful_taussig (parent bash)',
    ],
  );
  assert.equal(run.alerts[0].outputFields['container.name'], 'hopeful_taussig');
  assert.equal(run.alerts[0].outputFields['proc.name'], 'bash', 'fields of the event itself were taken at the time');
  assert.match(run.alerts[0].output, /^22:31:12\.093443820: Warning exec bash/);
});

test('a condition on container metadata is decided when the metadata arrives, on the event as it was', async () => {
  const run = await replayWithSlowRuntime();
  // ls's parent (bash) is taken from the event's time: the snapshot, not the state at release
  run.release();
  const ls = run.alerts.find((a) => a.rule === 'nginx runs ls');
  assert.ok(ls, 'the metadata condition matched once the image was known');
  assert.equal(ls.outputFields['proc.pname'], 'bash');
  assert.match(ls.output, /^22:31:12\.\d{9}: Notice ls in hopeful_taussig/);
});

test('when the metadata never comes, the wait is bounded and the alert says <NA>', async () => {
  const run = await replayWithSlowRuntime();
  run.timeout();
  assert.deepEqual(
    run.alerts.map((a) => a.message),
    ['exec bash in 697956520d89 name=<NA> image=<NA>', 'exec ls in 697956520d89 name=<NA> image=<NA>'],
    'the metadata condition cannot match without metadata',
  );
  assert.equal(run.alerts[0].outputFields['container.name'], null);
  assert.equal(run.deferral.stats().held, 0);
  assert.equal(run.deferral.stats().timedOut, run.deferral.stats().waited);
});
