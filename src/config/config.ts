// The configuration every module reads. Keys and meanings are Falco's falco.yaml keys; see docs/operations.md.
//
// Contract: `loadConfig` is the only way to obtain a Config. It reads the file named by -c (or the default
// path when it exists, or the configuration shipped with Peregrine), merges its `config_files` includes,
// applies -o overrides in order, fills defaults and validates against the schema (src/config/schema.ts).
// Modules receive the resulting object; none of them reads the file or argv again.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileDigest } from '../metrics/metrics.ts';
import type { Priority } from '../rules/priority.ts';
import { parsePriority } from '../rules/priority.ts';
import type { RuleSelection } from '../rules/ruleset.ts';
import { applyOverrideAt } from './overrides.ts';
import { type ConfigData, ConfigSchema } from './schema.ts';
import {
  ConfigFileError,
  forgetBelow,
  formatPos,
  type LoadedFile,
  loadFile,
  type MergeStrategy,
  mergeInclude,
  type Path,
  type Positions,
  pathKey,
  pathText,
  positionOf,
  type Tree,
} from './source.ts';

export type { RuleSelection };

export const DEFAULT_CONFIG_PATH = '/etc/peregrine/peregrine.yaml';

export type { FileDigest };

/** How the configuration was obtained: for --support, /metrics, the reload watcher and warnings. */
export interface ConfigMeta {
  /** The main file, or undefined when no file was found and the built-in defaults apply. */
  readonly mainFile: string | undefined;
  /** Every file read (main first, then includes in merge order) with its SHA-256. */
  readonly files: readonly FileDigest[];
  /** `config_files` entries that were directories. */
  readonly folders: readonly string[];
  /** Unknown keys and deprecations, each one line with file:line:col. Log them at warning level. */
  readonly warnings: readonly string[];
  /** -o overrides applied, in order (kept so a reload applies them again). */
  readonly overrides: readonly string[];
}

export type Config = Omit<ConfigData, 'priority' | 'rules_file' | 'rule_files'> & {
  /** Rules files and directories, in load order (`rules_file`, the deprecated form, is folded in). */
  rules_files: string[];
  rules: RuleSelection[];
  /** Minimum priority of rules that load. */
  priority: Priority;
  rule_matching: 'first' | 'all';
  meta: ConfigMeta;
};

export interface ConfigError {
  /** One line naming the file, line and column (or -o) and the key path. */
  readonly error: string;
}

export interface ConfigSources {
  /** -c FILE; when absent the default path is used if it exists, else the configuration shipped with Peregrine. */
  configFile?: string;
  /** -o key=value entries, in order. */
  overrides: readonly string[];
  /** Environment for `${VAR}` expansion; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where to look when -c is absent; tests point it elsewhere. Default DEFAULT_CONFIG_PATH. */
  defaultPath?: string;
  /** Skip the shipped configuration fallback (tests of pure defaults). */
  noShippedDefault?: boolean;
}

/** The configuration file shipped with Peregrine (config/peregrine.yaml next to src/ or dist/). */
export function shippedConfigPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const p = join(dir, 'config', 'peregrine.yaml');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  return undefined;
}

/** The defaults: what a configuration file that sets nothing means. */
export function defaultConfig(): Config {
  const r = finish(ConfigSchema.parse({}), emptyMeta());
  return r;
}

function emptyMeta(): ConfigMeta {
  return { mainFile: undefined, files: [], folders: [], warnings: [], overrides: [] };
}

/** output_timeout in milliseconds: 0 (Falco's "not set") means Falco's default, 2000. */
export function outputTimeoutMs(cfg: Pick<Config, 'output_timeout'>): number {
  return cfg.output_timeout > 0 ? cfg.output_timeout : 2000;
}

export function isConfigError(x: Config | ConfigError): x is ConfigError {
  return typeof (x as ConfigError).error === 'string' && (x as Config).meta === undefined;
}

export function loadConfig(sources: ConfigSources): Config | ConfigError {
  try {
    return load(sources);
  } catch (err) {
    if (err instanceof ConfigFileError) return { error: err.message };
    throw err;
  }
}

function load(sources: ConfigSources): Config | ConfigError {
  const env = sources.env ?? process.env;
  const defaultPath = sources.defaultPath ?? DEFAULT_CONFIG_PATH;
  const mainFile =
    sources.configFile ??
    (existsSync(defaultPath) ? defaultPath : sources.noShippedDefault ? undefined : shippedConfigPath());
  const warnings: string[] = [];
  const files: FileDigest[] = [];
  const folders: string[] = [];
  let tree: Tree = {};
  const positions: Positions = new Map();

  if (mainFile !== undefined) {
    const main = loadFile(mainFile, env);
    tree = main.tree;
    for (const [k, v] of main.positions) positions.set(k, v);
    files.push(main.digest);
  }

  // Falco applies `-o config_files=…` before it merges the includes, then every -o after.
  for (const o of sources.overrides) {
    if (o.startsWith('config_files')) {
      const e = override(tree, positions, o);
      if (e !== undefined) return { error: e };
    }
  }

  const inc = includes(tree, positions, mainFile, env, files, folders);
  if (inc !== undefined) return { error: inc };

  for (const o of sources.overrides) {
    const e = override(tree, positions, o);
    if (e !== undefined) return { error: e };
  }

  // The deprecated singular `rules_file` is folded into `rules_files`, as Falco does.
  if (tree.rules_file !== undefined) {
    if (tree.rules_files !== undefined) {
      return {
        error: `${formatPos(positionOf(positions, ['rules_file']))}both 'rules_files' and 'rules_file' keys set`,
      };
    }
    warnings.push(
      `${formatPos(positionOf(positions, ['rules_file']))}Using deprecated config key 'rules_file' (singular form). Please use new 'rules_files' config key (plural form).`,
    );
    tree.rules_files = tree.rules_file;
    positions.set(
      pathKey(['rules_files']),
      positions.get(pathKey(['rules_file'])) ?? { file: mainFile ?? '', line: 0, col: 0 },
    );
    delete tree.rules_file;
  }
  if (tree.rule_files !== undefined) {
    warnings.push(
      `${formatPos(positionOf(positions, ['rule_files']))}'rule_files' is not read; did you mean 'rules_files'?`,
    );
    delete tree.rule_files;
  }

  let parsed = ConfigSchema.safeParse(tree);
  // Unknown keys are warnings: report each with its position, remove it, and validate the rest.
  for (let round = 0; round < 8 && !parsed.success; round++) {
    const unknown = parsed.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unknown.length === 0) break;
    for (const issue of unknown) {
      const parent = lookup(tree, issue.path as Path);
      for (const key of (issue as { keys: string[] }).keys) {
        const at = [...(issue.path as Path), key];
        warnings.push(`${formatPos(positionOf(positions, at))}${pathText(at)}: unknown configuration key, ignored`);
        if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[key];
      }
    }
    parsed = ConfigSchema.safeParse(tree);
  }
  if (!parsed.success) {
    const problems = parsed.error.issues
      .filter((i) => i.code !== 'unrecognized_keys')
      .map((i) => {
        const path = i.path as Path;
        return `${formatPos(positionOf(positions, path))}${path.length > 0 ? `${pathText(path)}: ` : ''}${i.message}`;
      });
    // Every problem, one per line, so a file with three mistakes is fixed in one round.
    return { error: problems.join('\n') };
  }
  return finish(parsed.data, { mainFile, files, folders, warnings, overrides: [...sources.overrides] });
}

function finish(data: ConfigData, meta: ConfigMeta): Config {
  const { rules_file: _a, rule_files: _b, priority, ...rest } = data;
  return {
    ...rest,
    rules: data.rules as RuleSelection[],
    rule_matching: data.rule_matching === 'all' ? 'all' : 'first',
    priority: parsePriority(priority) ?? 'Debug',
    meta,
  };
}

function lookup(tree: unknown, path: Path): unknown {
  let node = tree;
  for (const p of path) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string | number, unknown>)[p];
  }
  return node;
}

function override(tree: Tree, positions: Positions, spec: string): string | undefined {
  const r = applyOverrideAt(tree, spec);
  if (typeof r === 'string') return `-o ${spec}: ${r}`;
  forgetBelow(positions, r);
  positions.set(pathKey(r), { file: `-o ${spec}`, line: 0, col: 0 });
  return undefined;
}

/** Merges `config_files` into `tree` as Falco's merge_config_files does. Returns an error line or undefined. */
function includes(
  tree: Tree,
  positions: Positions,
  mainFile: string | undefined,
  env: NodeJS.ProcessEnv,
  files: FileDigest[],
  folders: string[],
): string | undefined {
  const list = tree.config_files;
  if (list === undefined || list === null) return undefined;
  const entries = Array.isArray(list) ? list : [list];
  const mainAbs = mainFile === undefined ? undefined : resolve(mainFile);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const where = formatPos(positionOf(positions, ['config_files', i]));
    let path: string;
    let strategy: MergeStrategy = 'append';
    if (typeof e === 'string') path = e;
    else if (e !== null && typeof e === 'object' && typeof (e as { path?: unknown }).path === 'string') {
      path = (e as { path: string }).path;
      const s = (e as { strategy?: unknown }).strategy;
      if (s !== undefined) {
        if (s !== 'append' && s !== 'override' && s !== 'add-only') {
          return `${where}config_files[${i}].strategy: '${String(s)}' is not one of append, override, add-only`;
        }
        strategy = s;
      }
    } else {
      return `${where}config_files[${i}]: expected a path or a mapping with 'path' and optional 'strategy'`;
    }
    if (mainAbs !== undefined && resolve(path) === mainAbs) {
      return `${where}Config error: 'config_files' directive tried to recursively include main config file: ${mainFile}.`;
    }
    if (!existsSync(path)) continue; // as for rules_files: a missing entry is skipped
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path);
    } catch {
      continue;
    }
    let paths: string[] = [];
    if (st.isFile()) paths = [path];
    else if (st.isDirectory()) {
      folders.push(path);
      paths = readdirSync(path)
        .map((n) => join(path, n))
        .filter((p) => {
          try {
            return statSync(p).isFile();
          } catch {
            return false;
          }
        })
        .sort();
    }
    for (const p of paths) {
      const f: LoadedFile = loadFile(p, env);
      if (f.tree.config_files !== undefined) {
        return `${formatPos(positionOf(f.positions, ['config_files']))}Config error: 'config_files' directive in included config file ${p}.`;
      }
      mergeInclude(tree, positions, f, strategy);
      files.push(f.digest);
    }
  }
  return undefined;
}
