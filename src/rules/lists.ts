// Lists, as Falco expands them: textually, before parsing (falco userspace/engine/rule_loader_compiler.cpp).
// A list name is replaced wherever it stands as a whole word (delimited by blanks, parentheses, commas or
// `=`), by its items joined with ", "; items containing a space are double-quoted. Lists are applied in
// definition order, each once, so an expanded list can expose another list's name to a later list.
import { MappedText } from './mapped-text.ts';

export interface CompiledList {
  readonly name: string;
  /** Items with one level of list references expanded (lists defined before this one). */
  readonly items: string[];
  used: boolean;
}

/** Falco's quote_item: wrap in double quotes when there is a space and the item is not already quoted. */
export function quoteItem(item: string): string {
  if (item.includes(' ') && item[0] !== '"' && item[0] !== "'") return `"${item}"`;
  return item;
}

const BLANKS = ' \t\n\r';
const DELIMS = `${BLANKS}(),=`;

/** Expands one list inside `cnd`. Returns the new text, or the same object when the list is not used. */
export function expandList(cnd: MappedText, list: CompiledList): MappedText {
  const name = list.name;
  if (name.length === 0) return cnd;
  let text = cnd.text;
  let out = cnd;
  let start = text.indexOf(name);
  while (start !== -1) {
    let end = start + name.length;
    if ((start === 0 || DELIMS.includes(text[start - 1])) && (end >= text.length || DELIMS.includes(text[end]))) {
      const anchor = start;
      while (start > 0 && BLANKS.includes(text[start - 1])) start--;
      while (end < text.length && BLANKS.includes(text[end])) end++;
      const sub = list.items.map(quoteItem).join(', ');
      if (sub.length === 0) {
        if (start > 0 && text[start - 1] === ',') start--;
        else if (end < text.length && text[end] === ',') end++;
      }
      const insert = MappedText.concat([
        start > 0 ? MappedText.plain(' ') : MappedText.plain(''),
        MappedText.plain(sub),
        MappedText.plain(' '),
      ]);
      // Map the inserted text onto the list name's position in the condition.
      const located = out.slice(anchor, anchor + 1);
      const anchored =
        located.text.length > 0
          ? out.replace(anchor, anchor + 1, insert.text).slice(anchor, anchor + insert.text.length)
          : insert;
      out = MappedText.concat([out.slice(0, start), anchored, out.slice(Math.min(end, text.length))]);
      text = out.text;
      start += sub.length + 1;
      list.used = true;
    }
    start = text.indexOf(name, start + 1);
  }
  return out;
}

/** Expands every list, in order. */
export function expandLists(cnd: MappedText, lists: readonly CompiledList[]): MappedText {
  let out = cnd;
  for (const l of lists) {
    if (out.text.includes(l.name)) out = expandList(out, l);
  }
  return out;
}
