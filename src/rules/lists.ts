// Lists, as Falco expands them: textually, before parsing (falco userspace/engine/rule_loader_compiler.cpp).
// A list name is replaced wherever it stands as a whole word (delimited by blanks, parentheses, commas or
// `=`), by its items joined with ", "; items containing a space are double-quoted. Lists are applied in
// definition order, each once, so an expanded list can expose another list's name to a later list.
import type { MappedText } from '../text/mapped-text.ts';

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
const HAS_DELIM = /[ \t\n\r(),=]/;

/** The lists of one compilation, indexed by name for expansion. */
interface ListIndex {
  readonly byName: Map<string, number>;
  /** Lists whose names contain a delimiter (invalid, but accepted with a warning): found by text search. */
  readonly odd: readonly number[];
}

const indexes = new WeakMap<readonly CompiledList[], ListIndex>();

function indexOf(lists: readonly CompiledList[]): ListIndex {
  let idx = indexes.get(lists);
  if (idx === undefined) {
    const byName = new Map<string, number>();
    const odd: number[] = [];
    lists.forEach((l, i) => {
      if (l.name.length === 0) return;
      if (HAS_DELIM.test(l.name)) odd.push(i);
      else if (!byName.has(l.name)) byName.set(l.name, i);
    });
    idx = { byName, odd };
    indexes.set(lists, idx);
  }
  return idx;
}

// The distinct words of a text, cached: the same condition texts are expanded by every compilation.
const wordCache = new Map<string, readonly string[]>();

function wordsOf(text: string): readonly string[] {
  let w = wordCache.get(text);
  if (w === undefined) {
    w = [...new Set(text.split(WORD_SPLIT))];
    if (wordCache.size > 20000) wordCache.clear();
    wordCache.set(text, w);
  }
  return w;
}

/** Inserts i into the sorted `pending` unless present. */
function enqueue(pending: number[], i: number): void {
  let k = pending.length;
  while (k > 0 && pending[k - 1] > i) k--;
  if (pending[k - 1] !== i) pending.splice(k, 0, i);
}

/** Adds to the sorted `pending` the lists after `after` whose names are words of `text`. */
function addCandidates(text: string, idx: ListIndex, after: number, pending: number[]): void {
  for (const w of wordsOf(text)) {
    const i = idx.byName.get(w);
    if (i !== undefined && i > after) enqueue(pending, i);
  }
}

/** One list the expansion tried, in order: its name, its items, and whether it changed the text. */
type Tried = readonly [name: string, items: readonly string[], changed: boolean];

interface Expansion {
  readonly tried: readonly Tried[];
  readonly result: MappedText;
}

// The last expansion of each condition text object. A later compilation gets the same result object back
// when the same lists, with the same items, would be tried in the same order: which lists are tried depends
// only on the words of the text, the items of the lists that changed it, and the lists' order.
const expansions = new WeakMap<MappedText, Expansion>();

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function initialCandidates(cnd: MappedText, idx: ListIndex): number[] {
  const pending: number[] = [];
  addCandidates(cnd.text, idx, -1, pending);
  // Names with delimiters are tried every time: expandList finds their occurrences by text search.
  for (const i of idx.odd) enqueue(pending, i);
  return pending;
}

/** Whether expanding `cnd` now would try exactly what `prev` tried. */
function replays(prev: Expansion, cnd: MappedText, idx: ListIndex, lists: readonly CompiledList[]): boolean {
  const pending = initialCandidates(cnd, idx);
  let k = 0;
  while (pending.length > 0) {
    const i = pending.shift() as number;
    const t = prev.tried[k++];
    if (t === undefined || t[0] !== lists[i].name || !sameItems(t[1], lists[i].items)) return false;
    if (t[2]) for (const item of t[1]) addCandidates(quoteItem(item), idx, i, pending);
  }
  return k === prev.tried.length;
}

/**
 * Expands every list, in order, as Falco does. A list can only apply where its name is a whole word, so only
 * the lists named by a word of the text are tried; an expansion adds the words of its items, which may name
 * later lists.
 */
export function expandLists(cnd: MappedText, lists: readonly CompiledList[]): MappedText {
  const idx = indexOf(lists);
  const byName = (name: string) => lists[idx.byName.get(name) ?? -1];
  const prev = expansions.get(cnd);
  if (prev !== undefined && replays(prev, cnd, idx, lists)) {
    for (const [name, , changed] of prev.tried) {
      if (!changed) continue;
      const l = byName(name) ?? lists.find((x) => x.name === name);
      if (l !== undefined) l.used = true;
    }
    return prev.result;
  }
  const pending = initialCandidates(cnd, idx);
  const tried: Tried[] = [];
  let out = cnd;
  while (pending.length > 0) {
    const i = pending.shift() as number;
    const l = lists[i];
    const next = expandList(out, l);
    const changed = next !== out;
    tried.push([l.name, l.items, changed]);
    if (changed) {
      out = next;
      // The inserted items are surrounded by blanks: they add words and merge with none.
      for (const item of l.items) addCandidates(quoteItem(item), idx, i, pending);
    }
  }
  expansions.set(cnd, { tried, result: out });
  return out;
}
