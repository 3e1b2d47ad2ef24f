// The configuration every module reads. Keys and meanings are Falco's falco.yaml keys; see docs/operations.md.
//
// Contract: `loadConfig` is the only way to obtain a Config. It reads the file named by -c (or the default
// path when it exists), applies -o overrides in order, fills defaults and validates. Modules receive the
// resulting object; none of them reads the file or argv again.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Priority } from '../rules/priority.ts';
import { parsePriority } from '../rules/priority.ts';
import { applyOverride } from './overrides.ts';

export const DEFAULT_CONFIG_PATH = '/etc/peregrine/peregrine.yaml';

/** One entry of Falco's `rules:` selection list. */
export interface RuleSelection {
  enable?: { rule?: string; tag?: string };
  disable?: { rule?: string; tag?: string };
}

export interface Config {
  /** Rules files and directories, in load order. */
  rules_files: string[];
  rules: RuleSelection[];
  /** Minimum priority of rules that load. */
  priority: Priority;
  rule_matching: 'first' | 'all';
  json_output: boolean;
  json_include_output_property: boolean;
  json_include_tags_property: boolean;
  json_include_message_property: boolean;
  json_include_output_fields_property: boolean;
  time_format_iso_8601: boolean;
  buffered_outputs: boolean;
  engine: { kind: string; replay: { capture_file: string } };
  /** Everything else from the file, kept for the modules that read it; validated by the schema. */
  [key: string]: unknown;
}

export interface ConfigError {
  /** One line naming the file (or -o), key path and line where known. */
  readonly error: string;
}

export interface ConfigSources {
  /** -c FILE; when absent the default path is used if it exists. */
  configFile?: string;
  /** -o key=value entries, in order. */
  overrides: readonly string[];
}

export function defaultConfig(): Config {
  return {
    rules_files: ['/etc/peregrine/rules.d'],
    rules: [],
    priority: 'Debug',
    rule_matching: 'first',
    json_output: false,
    json_include_output_property: true,
    json_include_tags_property: true,
    json_include_message_property: false,
    json_include_output_fields_property: true,
    time_format_iso_8601: false,
    buffered_outputs: false,
    engine: { kind: 'modern_ebpf', replay: { capture_file: '' } },
  };
}

/**
 * Minimal loader: file + overrides + defaults, with type checks on the keys above.
 * The operations work replaces the checks with the full falco.yaml schema; the signature stays.
 */
export function loadConfig(sources: ConfigSources): Config | ConfigError {
  const path = sources.configFile ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  let raw: Record<string, unknown> = {};
  if (path !== undefined) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      return { error: `${path}: cannot read configuration: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
    }
    try {
      const doc: unknown = parseYaml(text) ?? {};
      if (typeof doc !== 'object' || Array.isArray(doc) || doc === null) {
        return { error: `${path}: the configuration must be a YAML mapping` };
      }
      raw = doc as Record<string, unknown>;
    } catch (err) {
      return { error: `${path}: ${(err as Error).message.split('\n')[0]}` };
    }
  }
  for (const o of sources.overrides) {
    const err = applyOverride(raw, o);
    if (err !== undefined) return { error: `-o ${o}: ${err}` };
  }
  const cfg = defaultConfig();
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'rules_file') cfg.rules_files = asStringList(v);
    else cfg[k] = v;
  }
  if (typeof cfg.priority === 'string') {
    const p = parsePriority(cfg.priority);
    if (p === undefined) return { error: `priority: '${cfg.priority}' is not one of Falco's priorities` };
    cfg.priority = p;
  }
  cfg.rules_files = asStringList(cfg.rules_files);
  for (const key of [
    'json_output',
    'json_include_output_property',
    'json_include_tags_property',
    'json_include_message_property',
    'json_include_output_fields_property',
    'time_format_iso_8601',
    'buffered_outputs',
  ] as const) {
    const b = asBool(cfg[key]);
    if (b === undefined) return { error: `${key}: expected a boolean, got '${String(cfg[key])}'` };
    cfg[key] = b;
  }
  return cfg;
}

function asStringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (v === undefined || v === null || v === '') return [];
  return [String(v)];
}

/** Falco's config reader (yaml-cpp) takes yes/no/on/off/y/n as booleans; YAML 1.2 does not, so map them here. */
export function asBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (['true', 'yes', 'on', 'y'].includes(s)) return true;
    if (['false', 'no', 'off', 'n'].includes(s)) return false;
  }
  return undefined;
}

export function isConfigError(x: Config | ConfigError): x is ConfigError {
  return typeof (x as ConfigError).error === 'string' && Object.keys(x).length === 1;
}
