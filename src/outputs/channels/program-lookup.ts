// Whether program_output.program can run at all, decided once when the channel is built: a program that does
// not exist is a configuration error at start (or a refused reload), not a stream of "sh: 1: x: not found"
// lines with every alert counted as delivered. Only the simple case is judged — the command line starts with a
// plain word that is not a shell keyword or builtin; anything the shell would interpret first (assignments,
// redirections, subshells, `cd x && y`) is left to the shell, and its failures are counted at run time.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** Words dash (and bash) run without a lookup in PATH. */
const SHELL_WORDS = new Set(
  (
    '! { } [ [[ ]] . : alias bg break builtin case cd command continue do done echo elif else esac eval exec exit ' +
    'export false fc fg for function getopts hash if in jobs kill let local printf pwd read readonly return select ' +
    'set shift source test then time times trap true type typeset ulimit umask unalias unset until wait while'
  ).split(' '),
);

/** The first word of `program` when it is a plain command name or path; undefined when the shell decides. */
export function leadingCommand(program: string): string | undefined {
  const m = /^\s*([A-Za-z0-9_./+@%-]+)(?=$|[\s;&|<>)])/.exec(program);
  if (m === null) return undefined;
  const word = m[1];
  if (SHELL_WORDS.has(word)) return undefined;
  return word;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Undefined when `program` can be started (or cannot be judged without running it); otherwise the reason, as
 * the shell would give it.
 */
export function programProblem(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (program.trim() === '') return 'no program given';
  const word = leadingCommand(program);
  if (word === undefined) return undefined;
  if (word.includes('/')) {
    const path = isAbsolute(word) ? word : resolve(word);
    return isExecutableFile(path) ? undefined : `${word}: not found or not executable`;
  }
  for (const dir of (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    if (dir !== '' && isExecutableFile(join(dir, word))) return undefined;
  }
  return `${word}: command not found`;
}
