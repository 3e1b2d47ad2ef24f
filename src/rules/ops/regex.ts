// Falco's `regex`: RE2 in POSIX mode (`RE2(pattern, RE2::POSIX)`), full match. We use re2js, whose public
// API has no POSIX switch; its RE2 class has `compilePOSIX` and RE2JS has `initTest` (marked "visible for
// testing") to wrap a compiled RE2. The version is pinned in package.json and test/rules/regex.test.ts
// fails if either hook goes away. Never JS RegExp: backtracking and different classes.
import type { RE2JS } from 're2js';
import { re2js } from './re2js-library.ts';

interface Re2Class {
  compilePOSIX(expr: string): unknown;
}
interface Re2jsStatics {
  initTest(pattern: string, flags: number, re2: unknown): RE2JS;
}

let re2Class: Re2Class | undefined;

function posixCompiler(): Re2Class {
  if (re2Class === undefined) {
    const { RE2JS } = re2js();
    const probe = RE2JS.compile('a').re2() as unknown as { constructor: Re2Class };
    const cls = probe.constructor;
    if (typeof cls.compilePOSIX !== 'function' || typeof (RE2JS as unknown as Re2jsStatics).initTest !== 'function') {
      throw new Error('re2js no longer exposes compilePOSIX/initTest: check the pinned version');
    }
    re2Class = cls;
  }
  return re2Class;
}

export type RegexMatcher = (value: string) => boolean;

/** Compiles a POSIX RE2 pattern for full matching. Throws Error("invalid regex pattern: ...") when invalid. */
export function compileRegex(pattern: string): RegexMatcher {
  let re: RE2JS;
  try {
    const re2 = posixCompiler().compilePOSIX(pattern);
    re = (re2js().RE2JS as unknown as Re2jsStatics).initTest(pattern, 0, re2);
  } catch (err) {
    if (err instanceof Error && /re2js no longer/.test(err.message)) throw err;
    throw new Error(`invalid regex pattern: ${err instanceof Error ? err.message : String(err)}`);
  }
  return (value: string) => re.testExact(value);
}
