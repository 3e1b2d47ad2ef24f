// Falco's regression suite (falco_tests.yaml, 2023) turned into run descriptions. The test files read the
// YAML themselves, so no expectation is copied by hand. Validation entries (validate_rules_file) run here
// through `peregrine -V`; detection entries (trace_file, detect_counts) become run descriptions the replay
// tests can execute once `-e` exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SHARED } from '../helpers/cli.ts';

export const REGRESSION_DIR = join(SHARED, 'upstream/falco-regression');

export interface ExpectedProblem {
  item_type: string;
  item_name: string;
  code: string;
  message?: string;
  message_contains?: string;
}

export interface RegressionEntry {
  [key: string]: unknown;
  validate_rules_file?: string | string[];
  rules_file?: string | string[];
  validate_ok?: string[];
  validate_errors?: ExpectedProblem[];
  validate_warnings?: ExpectedProblem[];
  exit_status?: number;
  stdout_contains?: string | string[];
  stderr_contains?: string | string[];
  disabled_rules?: string | string[];
  disable_tags?: string[];
  run_tags?: string[];
  priority?: string;
  trace_file?: string;
  detect?: boolean;
  detect_counts?: Record<string, number>[];
  all_events?: boolean;
  json_output?: boolean;
  time_iso_8601?: boolean;
  conf_file?: string;
}

/** Every entry of falco_tests.yaml by name (the file's `!mux` tag is read as a plain mapping). */
export function regressionEntries(): Map<string, RegressionEntry> {
  const text = readFileSync(join(REGRESSION_DIR, 'falco_tests.yaml'), 'utf8');
  const doc = parse(text, { customTags: [{ tag: '!mux', resolve: (v: unknown) => v, collection: 'map' }] }) as {
    trace_files: Record<string, RegressionEntry>;
  };
  return new Map(Object.entries(doc.trace_files));
}

function list<T>(v: T | T[] | undefined): T[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export interface RunDescription {
  readonly name: string;
  readonly kind: 'validate' | 'detect';
  /** Arguments for bin/peregrine. */
  readonly args: string[];
  readonly exitStatus: number;
  readonly stdoutContains: RegExp[];
  readonly stderrContains: RegExp[];
  readonly entry: RegressionEntry;
  /** Detection: alerts expected per rule (detect_counts), when given. */
  readonly detectCounts: Record<string, number>;
}

/** Python's re.search(pattern, text, re.DOTALL) in JavaScript. */
function pyRegex(p: string): RegExp {
  return new RegExp(p, 's');
}

/** Turns an entry into the command Falco's runner (falco_test.py) would have run, with Peregrine's flags. */
export function toRunDescription(name: string, e: RegressionEntry): RunDescription {
  const abs = (f: string) => (f.startsWith('/') ? f : join(REGRESSION_DIR, f));
  const validate = list(e.validate_rules_file);
  const args: string[] = [];
  for (const f of validate) args.push('-V', abs(f));
  if (validate.length === 0) for (const f of list(e.rules_file)) args.push('-r', abs(f));
  for (const d of list(e.disabled_rules)) args.push('-D', d);
  if (e.trace_file !== undefined && validate.length === 0)
    args.push('-e', join(SHARED, 'upstream/scap/falco', e.trace_file.replace(/^trace_files\//, '')));
  if (e.conf_file !== undefined) args.push('-c', abs(e.conf_file));
  const json = validate.length > 0 || e.json_output === true;
  args.push('-o', `json_output=${json}`, '-o', `priority=${e.priority ?? 'debug'}`);
  for (const t of list(e.disable_tags)) args.push('-T', t);
  for (const t of list(e.run_tags)) args.push('-t', t);
  if (e.all_events) args.push('-A');
  if (e.time_iso_8601) args.push('-o', 'time_format_iso_8601=true');
  const detectCounts: Record<string, number> = {};
  for (const c of e.detect_counts ?? []) Object.assign(detectCounts, c);
  return {
    name,
    kind: validate.length > 0 ? 'validate' : 'detect',
    args,
    exitStatus: e.exit_status ?? 0,
    stdoutContains: list(e.stdout_contains).map(pyRegex),
    stderrContains: list(e.stderr_contains).map(pyRegex),
    entry: e,
    detectCounts,
  };
}

interface JsonLocation {
  item_type: string;
  item_name: string;
}
interface JsonProblem {
  code: string;
  message: string;
  context: { locations: JsonLocation[] };
}
interface JsonResult {
  name: string;
  successful: boolean;
  errors: JsonProblem[];
  warnings: JsonProblem[];
}

/** falco_test.py's check_validate_{ok,errors,warnings}: the list of failed expectations (empty = pass). */
export function checkValidation(e: RegressionEntry, stdout: string): string[] {
  const failures: string[] = [];
  let results: JsonResult[];
  try {
    results = (JSON.parse(stdout.split('\n')[0]) as { falco_load_results: JsonResult[] }).falco_load_results;
  } catch (err) {
    return [`first stdout line is not the validation JSON: ${(err as Error).message}`];
  }
  for (const ok of e.validate_ok ?? []) {
    if (!results.some((r) => r.successful && r.name.split('/').pop() === ok)) {
      failures.push(`no successful result for file '${ok}'`);
    }
  }
  const find = (kind: 'errors' | 'warnings', x: ExpectedProblem) =>
    results.some((r) =>
      r[kind].some(
        (p) =>
          p.code === x.code &&
          // YAML syntax errors come from a different YAML library: the wording may differ, but the message
          // must still give the line and column.
          ((x.code === 'LOAD_ERR_YAML_PARSE' && /line \d+, column \d+/.test(p.message)) ||
            (x.message !== undefined && p.message === x.message) ||
            (x.message_contains !== undefined && p.message.includes(x.message_contains))) &&
          p.context.locations.some((l) => l.item_type === x.item_type && l.item_name === x.item_name),
      ),
    );
  for (const x of e.validate_errors ?? []) {
    if (!find('errors', x))
      failures.push(
        `no error ${x.code} for ${x.item_type} '${x.item_name}' with message '${x.message ?? x.message_contains}'`,
      );
  }
  for (const x of e.validate_warnings ?? []) {
    if (!find('warnings', x))
      failures.push(
        `no warning ${x.code} for ${x.item_type} '${x.item_name}' with message '${x.message ?? x.message_contains}'`,
      );
  }
  return failures;
}
