// Lists, as Falco expands them: textually, before parsing (falco userspace/engine/rule_loader_compiler.cpp).
// A list name is replaced wherever it stands as a whole word (delimited by blanks, parentheses, commas or
// `=`), by its items joined with ", "; items containing a space are double-quoted. Lists are applied in
// definition order, each once, so an expanded list can expose another list's name to a later list.
import type { MappedText } from './mapped-text.ts';

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
      // The inserted text maps onto the list name's position in the condition.
      const insert = `${start > 0 ? ' ' : ''}${sub} `;
      out = out.replace(start, Math.min(end, text.length), insert, anchor);
      text = out.text;
      start += sub.length + 1;
      list.used = true;
    }
    start = text.indexOf(name, start + 1);
  }
  return out;
}

const WORD_SPLIT = /[ \t\n\r(),=]+/;

/**
 * Expands every list, in order. A list can only apply where its name is a whole word, so the text's words
 * are computed once (and again after each expansion) instead of searching every list name in the text.
 */
export function expandLists(cnd: MappedText, lists: readonly CompiledList[]): MappedText {
  let out = cnd;
  const words = new Set(out.text.split(WORD_SPLIT));
  for (const l of lists) {
    // Names containing a delimiter (invalid, but Falco accepts them with a warning) need a text search.
    if (!words.has(l.name) && !(/[ \t\n\r(),=]/.test(l.name) && out.text.includes(l.name))) continue;
    const next = expandList(out, l);
    if (next !== out) {
      out = next;
      // The inserted items are surrounded by blanks: they add words and merge with none.
      for (const item of l.items) for (const w of quoteItem(item).split(WORD_SPLIT)) words.add(w);
    }
  }
  return out;
}
