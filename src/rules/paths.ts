// The one expander of rules paths (`rules_files`, -r, -V), as Falco's read_rules_file_directory: a directory
// gives its regular `*.yaml`/`*.yml` files in name order (and is watched for new ones); any other path is a rules
// file only if it is named `*.yaml`/`*.yml`. So a missing `/etc/falco/rules.d` is nothing, while a missing
// `falco_rules.local.yaml` is a file that cannot be read when the rules load (Falco: "Could not open file … for
// reading").
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const YAML_FILE = /\.(yaml|yml)$/;

export interface ExpandedRulesPaths {
  /** Rules files in load order. */
  readonly files: readonly string[];
  /** The directories among the entries (a reload watcher watches them for new files). */
  readonly folders: readonly string[];
  /** Entries that gave no file: empty directories, and paths that are neither a directory nor `*.yaml`/`*.yml`. */
  readonly empty: readonly string[];
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isRegularFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    // vanished or unreadable entries are skipped, as Falco skips them
    return false;
  }
}

export function expandRulesPaths(entries: readonly string[]): ExpandedRulesPaths {
  const files: string[] = [];
  const folders: string[] = [];
  const empty: string[] = [];
  for (const e of entries) {
    const before = files.length;
    if (isDirectory(e)) {
      folders.push(e);
      const names = readdirSync(e)
        .map((n) => join(e, n))
        .filter(isRegularFile)
        .sort();
      for (const p of names) if (YAML_FILE.test(p)) files.push(p);
    } else if (YAML_FILE.test(e)) files.push(e);
    if (files.length === before) empty.push(e);
  }
  return { files, folders, empty };
}

/** "no rules files in DIR, DIR": what to say when a whole list of entries gave no file. */
export function noRulesFilesMessage(entries: readonly string[]): string {
  return `no rules files in ${entries.join(', ')} (a rules directory gives its *.yaml and *.yml files; a file must be named *.yaml or *.yml)`;
}
