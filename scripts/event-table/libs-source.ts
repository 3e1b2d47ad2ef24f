// Reading names and definitions out of libs' C text, for the dumper to evaluate (dump-libs-tables.c). Only names
// and spans come from the text; every value is the compiler's.

/** The C text with comments blanked (same length, newlines kept), so scanners need not know about comments. */
export function blankComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '"' || c === "'") {
      // A string or character literal: copied whole, so a `//` or a brace inside one is not seen as code.
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated /* comment');
      out += text.slice(i, end + 2).replace(/[^\n]/g, ' ');
      i = end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The members of a C enum, in declaration order: `enum NAME {…}` or `typedef enum {…} NAME;`. */
export function enumMembers(header: string, name: string): string[] {
  const code = blankComments(header);
  let body: string | undefined;
  const tagged = new RegExp(`\\benum\\s+${name}\\s*\\{`).exec(code);
  if (tagged) body = code.slice(tagged.index + tagged[0].length, code.indexOf('}', tagged.index));
  else {
    const typedef = new RegExp(`\\}\\s*${name}\\s*;`).exec(code);
    const open = typedef ? code.lastIndexOf('typedef enum', typedef.index) : -1;
    if (typedef && open >= 0) body = code.slice(code.indexOf('{', open) + 1, typedef.index);
  }
  if (body === undefined) throw new Error(`no enum ${name} in the header`);
  const members = body
    .split(',')
    .map((m) => m.split('=')[0].trim())
    .filter((m) => m !== '');
  for (const m of members) if (!/^[A-Za-z_]\w*$/.test(m)) throw new Error(`enum ${name}: cannot read member '${m}'`);
  return members;
}

/** The names of the arrays a header declares `extern const struct TYPE NAME[];`, in declaration order. */
export function externArrays(header: string, structName: string): string[] {
  const re = new RegExp(`^extern const struct ${structName} (\\w+)\\[\\];`, 'gm');
  return [...blankComments(header).matchAll(re)].map((m) => m[1]);
}

/**
 * The definition starting where `start` matches, up to the brace that closes its first `{` (and a `;` right after
 * it), exactly as written in the file.
 */
export function sliceDefinition(text: string, start: RegExp, what: string): string {
  const m = start.exec(text);
  if (!m) throw new Error(`cannot find ${what}`);
  const code = blankComments(text);
  const open = code.indexOf('{', m.index);
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '"' || c === "'") {
      // Skip the literal (blankComments kept it whole).
      let j = i + 1;
      while (code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const end = /^\s*;/.exec(code.slice(i + 1));
      return text.slice(m.index, i + 1 + (end ? end[0].length : 0));
    }
  }
  throw new Error(`${what} is not closed`);
}
