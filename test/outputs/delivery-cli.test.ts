// What a user sees when `peregrine -e CAPTURE` posts its alerts to a slow or hanging webhook: every alert is
// delivered while the receiver keeps answering, however slowly, and when it stops answering the count of lost
// alerts is exactly the ones it did not acknowledge.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runPeregrine, SHARED } from '../helpers/cli.ts';
import { startReceiver } from './receiver.ts';

const CAPTURE = join(SHARED, 'upstream/scap/sysdig-inspect/502Error.scap');
/** 185 alerts on CAPTURE (sysdig agrees: 185 opens below /etc). */
const RAISED = 185;
const dir = mkdtempSync(join(tmpdir(), 'peregrine-delivery-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const rules = join(dir, 'etc.yaml');
writeFileSync(
  rules,
  `- rule: R
  desc: opens below /etc
  condition: evt.type in (open, openat) and fd.name startswith /etc
  output: "open %fd.name by %proc.name"
  priority: WARNING
`,
);

const httpArgs = (port: number, outputTimeoutMs: number): string[] => [
  '-e',
  CAPTURE,
  '-r',
  rules,
  '-o',
  'json_output=true',
  '-o',
  'http_output.enabled=true',
  '-o',
  `http_output.url=http://127.0.0.1:${port}/alerts`,
  '-o',
  'stdout_output.enabled=false',
  '-o',
  `output_timeout=${outputTimeoutMs}`,
];

test('a slow receiver (20 ms per request) gets every alert of a replay, in order, and nothing is reported lost', async () => {
  // 64 requests take 1.3 s here, more than output_timeout: shutdown must judge progress per request.
  const rx = await startReceiver({ delayMs: 20 });
  const res = await runPeregrine(httpArgs(rx.port, 500));
  await rx.close();
  assert.equal(res.code, 0, res.stderr);
  assert.doesNotMatch(res.stderr, /could not be delivered/);
  assert.equal(rx.acked.length, RAISED);
  const names = rx.acked.map((b) => JSON.parse(b).output_fields['fd.name'] as string);
  assert.ok(names.every((n) => n.startsWith('/etc')));
  assert.match(res.stderr, new RegExp(`http output: ${RAISED} delivered, 0 lost`));
});

test('a receiver that stops answering after 50 requests: exactly the other 135 are counted lost', async () => {
  const rx = await startReceiver({ answerAtMost: 50 });
  const res = await runPeregrine(httpArgs(rx.port, 300));
  for (const r of rx.held) r.destroy();
  await rx.close();
  assert.equal(rx.acked.length, 50);
  assert.match(res.stderr, new RegExp(`http output: ${RAISED - 50} alerts could not be delivered before shutdown`));
  assert.match(res.stderr, new RegExp(`http output: 50 delivered, ${RAISED - 50} lost \\(shutdown ${RAISED - 50}\\)`));
});

const programArgs = (program: string, keepAlive: boolean): string[] => [
  '-e',
  CAPTURE,
  '-r',
  rules,
  '-o',
  'program_output.enabled=true',
  '-o',
  `program_output.keep_alive=${keepAlive}`,
  '-o',
  `program_output.program=${program}`,
  '-o',
  'stdout_output.enabled=false',
];

test('program=exit 1 runs once per alert of a replay, is counted refused, and is never retried', async () => {
  const runs = join(dir, 'runs.txt');
  const res = await runPeregrine(programArgs(`echo run >> ${runs}; exit 1`, false));
  assert.equal(res.code, 1, res.stderr); // a replay that lost alerts exits 1
  assert.equal(readFileSync(runs, 'utf8').split('\n').filter(Boolean).length, RAISED);
  assert.match(res.stderr, new RegExp(`program output: 0 delivered, ${RAISED} lost \\(rejected ${RAISED}\\)`));
  assert.doesNotMatch(res.stderr, /retrying/);
  // Rate-limited: one line for the first failure, then one per 10 s summing the rest — not one per alert.
  const lines = (res.stderr.match(/refused by the program output/g) ?? []).length;
  assert.ok(lines >= 1 && lines < 10, res.stderr);
});

test('a kept-alive program that does not exist is an error at start, not alerts counted delivered', async () => {
  const res = await runPeregrine(programArgs('/nonexistent/alert-sink', true));
  assert.equal(res.code, 1);
  assert.match(
    res.stderr,
    /peregrine: Error: Failed to init output: program_output.program: cannot run '\/nonexistent\/alert-sink': \/nonexistent\/alert-sink: not found or not executable/,
  );
});
