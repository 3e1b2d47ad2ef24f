// Prints fields of every event of a capture, one line per event, the way `sysdig -r F -p '*%f1|#|%f2…'` does:
// the differential test runs both and compares line by line. Usage: print-fields.ts FILE field1 field2 …

import { formatCaptureError } from '../../src/capture/errors.ts';
import { feedFile } from '../../src/capture/source.ts';
import { Engine } from '../../src/engine/engine.ts';
import { syscallRegistry } from '../../src/fields/registry.ts';
import { type Extractor, isBindError } from '../../src/fields/types.ts';
import type { Event } from '../../src/state/event.ts';
import { fieldText } from './field-text.ts';

export const SEP = '|#|';

// A field as a rule or an output names it (`proc.aname[2]`, `evt.arg.flags`, `evt.abspath.dst`), resolved and
// bound through the registry exactly as the rule compiler does.
function bindField(spec: string): Extractor<Event> {
  const br = spec.indexOf('[');
  const bracketed = br > 0 && spec.endsWith(']');
  const r = syscallRegistry.resolve(
    bracketed ? spec.slice(0, br) : spec,
    bracketed ? spec.slice(br + 1, -1) : undefined,
  );
  if (isBindError(r)) throw new Error(`${spec}: ${r.error}`);
  if (r.def.bind === undefined) throw new Error(`no extractor for ${r.def.name}`);
  const ex = r.def.bind(r.arg);
  if (typeof ex !== 'function') throw new Error(ex.error);
  return ex;
}

export async function printFields(
  file: string,
  fields: string[],
  write: (line: string) => void,
): Promise<string | undefined> {
  const ex = fields.map(bindField);
  const engine = new Engine({
    event(evt) {
      let line = '';
      for (let i = 0; i < ex.length; i++) line += (i === 0 ? '' : SEP) + fieldText(ex[i](evt));
      write(line);
    },
  });
  const r = await feedFile(file, engine.blocks);
  return r.error === undefined ? undefined : formatCaptureError(file, r.error);
}

if (import.meta.main) {
  const [file, ...fields] = process.argv.slice(2);
  const lines: string[] = [];
  const err = await printFields(file, fields, (l) => lines.push(l));
  process.stdout.write(lines.join('\n') + '\n');
  if (err !== undefined) {
    process.stderr.write(`${err}\n`);
    process.exitCode = 1;
  }
}
