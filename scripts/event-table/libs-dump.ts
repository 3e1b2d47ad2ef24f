// Compiles libs' tables with the C compiler and reads them back (dump-libs-tables.c prints them as JSON).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enumMembers, externArrays, sliceDefinition } from './libs-source.ts';

/** The libs commit the checked-in files come from (third_party/falcosecurity-libs/README.md). */
export const LIBS_COMMIT = '48dfd53cd23f95720521d41b89883bbc35c8567f';

/** The libs files the generator reads, checked in unmodified (see the README there). */
export const LIBS_DIR = fileURLToPath(new URL('../../third_party/falcosecurity-libs/', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));

/** An event parameter as libs declares it: ppm_param_info with its `info` resolved to a name or a number. */
export interface LibsParam {
  readonly name: string;
  readonly type: number;
  readonly fmt: number;
  readonly ninfo: number;
  /** The flag table (ppm_name_value[]) `info` points at. */
  readonly flags?: string;
  /** The dynamic table (ppm_param_info[]) `info` points at. */
  readonly dyn?: string;
  /** `info` as a number when it points at no table: DIRFD_PARAM(n) of an FSRELPATH parameter. */
  readonly infoNumber?: number;
}

export interface LibsEvent {
  readonly name: string;
  readonly category: number;
  readonly flags: number;
  readonly params: readonly LibsParam[];
  /** scap_ppm_sc.c's g_events_to_sc_map entry, in its order; null where libs has NULL. */
  readonly ppmSc: readonly number[] | null;
}

/** Everything the dumper prints. */
export interface LibsTables {
  /** The compiler's value of every enum member named in `LibsNames`, plus PPM_EVENT_MAX, PPM_SC_MAX, SYSCALL_TABLE_SIZE. */
  readonly constants: Readonly<Record<string, number>>;
  readonly events: readonly LibsEvent[];
  readonly flagTables: readonly { readonly name: string; readonly entries: readonly (readonly [string, number])[] }[];
  readonly dynTables: readonly { readonly name: string; readonly entries: readonly LibsParam[] }[];
  /** Index = PPM_SC code; '' where no code is assigned. */
  readonly ppmScNames: readonly string[];
  /** [native number, ppm_sc, UF_* flags, enter event, exit event] for every slot libs fills. */
  readonly syscalls: readonly (readonly [number, number, number, number, number])[];
  readonly errnoNames: readonly (readonly [number, string])[];
  readonly signalNames: readonly (readonly [number, string])[];
}

/** The names read from libs' text, in declaration order. */
export interface LibsNames {
  /** Members of each enum the tables use, by enum name. */
  readonly enums: Readonly<Record<string, readonly string[]>>;
  readonly flagTables: readonly string[];
  readonly dynTables: readonly string[];
}

/** The enums whose members the renderer needs by name. */
const ENUMS = [
  'ppm_event_code',
  'ppm_event_category',
  'ppm_event_flags',
  'ppm_param_type',
  'ppm_print_format',
  'syscall_flags',
] as const;

function libsFile(libsDir: string, path: string): string {
  return readFileSync(join(libsDir, path), 'utf8');
}

/** The names the dumper needs, read from a libs tree laid out as third_party/falcosecurity-libs/. */
export function readLibsNames(libsDir = LIBS_DIR): LibsNames {
  const header = libsFile(libsDir, 'driver/ppm_events_public.h');
  const enums: Record<string, readonly string[]> = {};
  for (const e of ENUMS) enums[e] = enumMembers(header, e);
  return {
    enums,
    flagTables: externArrays(header, 'ppm_name_value'),
    dynTables: externArrays(header, 'ppm_param_info'),
  };
}

// X-lists for the dumper: it prints the compiler's value of each name.
function namesHeader(names: LibsNames): string {
  const list = (macro: string, items: readonly string[]) =>
    `#define ${macro}S${items.map((n) => ` \\\n\t${macro}(${n})`).join('')}\n`;
  return [
    list('LIBS_CONSTANT', Object.values(names.enums).flat()),
    list('LIBS_FLAG_TABLE', names.flagTables),
    list('LIBS_DYN_TABLE', names.dynTables),
  ].join('\n');
}

// The two files that cannot be compiled alone contribute only these definitions, cut out unmodified.
function slicesHeader(libsDir: string): string {
  const ppmSc = libsFile(libsDir, 'userspace/libscap/linux/scap_ppm_sc.c');
  const utils = libsFile(libsDir, 'userspace/libsinsp/utils.cpp');
  const map = sliceDefinition(ppmSc, /static const ppm_sc_code \*g_events_to_sc_map\[\] = /, 'g_events_to_sc_map');
  const body = (fn: string) => {
    const def = sliceDefinition(utils, new RegExp(`const char\\* sinsp_utils::${fn}\\(`), `sinsp_utils::${fn}`);
    return def.slice(def.indexOf('{'));
  };
  return [
    '// Cut from userspace/libscap/linux/scap_ppm_sc.c and userspace/libsinsp/utils.cpp by libs-dump.ts.',
    '#define ASSERT(x) ((void)0)',
    '#include "sinsp_errno.h"',
    '#include "sinsp_signal.h"',
    map,
    `static const char *libs_errno_to_str(int32_t code) ${body('errno_to_str')}`,
    `static const char *libs_signal_to_str(uint8_t code) ${body('signal_to_str')}`,
    '',
  ].join('\n');
}

/**
 * Compiles the dumper against the libs files (by default the checked-in ones) with `$CC` (default `cc`), runs it
 * and parses its output. A compiler error is thrown with the compiler's message.
 */
export function dumpLibsTables(names: LibsNames, libsDir = LIBS_DIR): LibsTables {
  const dir = mkdtempSync(join(tmpdir(), 'peregrine-event-table-'));
  try {
    writeFileSync(join(dir, 'libs-names.h'), namesHeader(names));
    writeFileSync(join(dir, 'libs-slices.h'), slicesHeader(libsDir));
    const exe = join(dir, 'dump-libs-tables');
    const driver = (f: string) => join(libsDir, 'driver', f);
    execFileSync(
      process.env.CC || 'cc',
      [
        '-std=gnu11',
        `-I${dir}`,
        `-I${join(libsDir, 'driver')}`,
        `-I${join(libsDir, 'userspace/libsinsp')}`,
        '-o',
        exe,
        join(HERE, 'dump-libs-tables.c'),
        join(HERE, 'syscall-table-x86_64.c'),
        driver('event_table.c'),
        driver('flags_table.c'),
        driver('dynamic_params_table.c'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return JSON.parse(execFileSync(exe, { encoding: 'utf8', maxBuffer: 64 << 20 })) as LibsTables;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
