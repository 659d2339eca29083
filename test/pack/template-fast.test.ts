// Directly rendered message templates against Handlebars itself (same helpers, same options): same text, same
// throw, same calls and reads in the context, same prototype-access warnings, for the pack's templates and
// seeded generated templates and contexts.
import { describe, expect, test, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import Handlebars from 'handlebars';
import { parse } from 'yaml';
import { prng } from '../prng.ts';
import { compileTemplate, MESSAGE_HELPERS } from '../../src/pack/template.ts';

const reference = Handlebars.create();
for (const [name, helper] of Object.entries(MESSAGE_HELPERS)) reference.registerHelper(name, helper);

const PACK_TEMPLATES = [
  ...new Set(
    globSync(['rules/**/*.yaml', 'test/fixtures/pack/**/*.yaml'])
      .map((f) => parse(readFileSync(f, 'utf8')))
      .flatMap((r) => [r?.message, r?.passMessage])
      .filter((t): t is string => typeof t === 'string'),
  ),
];

type Random = () => number;
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];

// ---- contexts: built twice from one seed, so each renderer gets its own copy and its own trace ----

const NAMES = ['a', 'b', 'item', 'label', 'x-y', '_u', 'settings', 'values', 'constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'length', 'name', 'prototype', 'call', 'json', 'setting', 'or', 'lookup', 'log', 'if', 'each', 'with', 'helperMissing', 'true', 'null', 'this', 'else', 'elsewhere', 'as', '__defineGetter__'];
const SETTING_KEYS = ['k', 'procore.erpSystem', 'constructor', 'toString', 'x y', ''];
const PRIMITIVES: unknown[] = ['', ' a  b ', 'line1\nline2\r\n', '$&', "$'$`$1", 'ü😀\u2028é', 'x', ' lead', 'trail ', '\u00a0nb\u00a0', 'a\u0085b', '\t', 0, -0, NaN, 1e21, 1.5, -3, Infinity, true, false, null, undefined, 10n];

class Shape {
  side = 2;
  area(this: Shape) {
    return this.side * this.side;
  }
}

interface Build {
  r: Random;
  trace: string[];
  root: { value: unknown };
  paths: string[][];
}

function describeValue(b: Build, v: unknown): string {
  if (v === b.root.value) return 'root';
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if ('hash' in o && 'data' in o) {
      const data = o.data as { root?: unknown };
      return `options ${String(o.name)} ${JSON.stringify(o.hash)} ${JSON.stringify(o.loc)} root:${data?.root === b.root.value} keys:${Object.keys(o)}`;
    }
    return `object(${Object.keys(o)})`;
  }
  return typeof v === 'symbol' ? 'symbol' : `${typeof v}:${String(v)}`;
}

function makeFunction(b: Build, depth: number): unknown {
  const id = `f${Math.floor(b.r() * 1000)}`;
  const result = leaf(b, depth + 1);
  const kind = b.r();
  if (kind < 0.1) {
    return function (this: unknown) {
      b.trace.push(`${id} throws`);
      throw new RangeError(`boom ${id}`);
    };
  }
  if (kind < 0.2) {
    // changes data.root for the helpers after it, as a context function may
    return function (this: unknown, options?: { data?: { root: unknown } }) {
      b.trace.push(`${id} reroots`);
      if (options?.data) options.data.root = { settings: { k: `rerooted ${id}` } };
      return result;
    };
  }
  const fn = function (this: unknown, ...args: unknown[]) {
    b.trace.push(`${id}(${describeValue(b, this)}; ${args.map((a) => describeValue(b, a)).join('; ')})`);
    return result;
  };
  if (b.r() < 0.3) Object.assign(fn, { label: 'fn label', a: result });
  return fn;
}

function leaf(b: Build, depth: number): unknown {
  const r = b.r();
  if (depth > 3 || r < 0.4) return pick(b.r, PRIMITIVES);
  if (r < 0.55) return makeFunction(b, depth);
  if (r < 0.62) return [leaf(b, depth + 1), leaf(b, depth + 1), null];
  if (r < 0.66) return { toString: () => (b.trace.push('toString'), 'TS'), valueOf: () => (b.trace.push('valueOf'), 42) };
  if (r < 0.69) return { [Symbol.toPrimitive]: (hint: string) => (b.trace.push(`toPrimitive ${hint}`), `P:${hint}`) };
  if (r < 0.71) return { toString: () => ({}), valueOf: () => ({}) }; // not convertible: a TypeError
  if (r < 0.73) return Symbol('s');
  if (r < 0.76) {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    return cyclic;
  }
  if (r < 0.79) return new Shape();
  if (r < 0.84) return Object.create(object(b, depth + 1)); // everything inherited: Handlebars' deny list decides
  if (r < 0.87) return { toJSON: () => (b.trace.push('toJSON'), { j: 1 }), label: 'with toJSON' };
  return object(b, depth + 1);
}

function object(b: Build, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(b.r() * 4);
  for (let i = 0; i < n; i++) put(b, o, pick(b.r, NAMES), depth);
  return o;
}

/** Plain assignment on purpose: `__proto__` then sets the prototype, as it would in real data. */
function put(b: Build, o: Record<string, unknown>, name: string, depth: number, value = leaf(b, depth)): void {
  const getter = b.r() < 0.1;
  try {
    if (getter) Object.defineProperty(o, name, { get: () => (b.trace.push(`get ${name}`), value), enumerable: true, configurable: true });
    else o[name] = value;
  } catch {
    try {
      Object.defineProperty(o, name, { value, enumerable: true, configurable: true, writable: true }); // a function's name or length
    } catch {
      // a function's prototype cannot be redefined: left as it is
    }
  }
}

/** Each of the template's paths is there (most of the time), with odd values on the way; then some noise. */
function makeContext(seed: number, paths: string[][], trace: string[]): unknown {
  const b: Build = { r: prng(seed), trace, root: { value: undefined }, paths };
  const shape = b.r();
  if (shape < 0.03) return (b.root.value = pick(b.r, [null, undefined, 'text', 7, [1, 2]]));
  const root: Record<string, unknown> = shape < 0.06 ? (makeFunction(b, 0) as Record<string, unknown>) : {};
  b.root.value = root;
  for (const path of paths) {
    if (b.r() < 0.15) continue;
    let at: Record<string, unknown> = root;
    for (let i = 0; i < path.length - 1; i++) {
      const next = Object.prototype.hasOwnProperty.call(at, path[i]) ? at[path[i]] : undefined;
      if (typeof next === 'object' && next !== null) at = next as Record<string, unknown>;
      else if (b.r() < 0.1) {
        put(b, at, path[i], i + 1); // an odd value in the way
        at = undefined as never;
        break;
      } else {
        const fresh: Record<string, unknown> = b.r() < 0.1 ? (makeFunction(b, 3) as Record<string, unknown>) : {};
        put(b, at, path[i], i + 1, fresh);
        at = fresh;
      }
    }
    if (at) put(b, at, path[path.length - 1], path.length);
  }
  if (b.r() < 0.8) {
    const settings: Record<string, unknown> = {};
    for (const key of SETTING_KEYS) if (b.r() < 0.6) settings[key] = b.r() < 0.7 ? pick(b.r, PRIMITIVES) : leaf(b, 2);
    put(b, root, 'settings', 1, settings);
  }
  for (let i = Math.floor(b.r() * 3); i > 0; i--) put(b, root, pick(b.r, NAMES), 1);
  return root;
}

// ---- templates ----

const TEXTS = ['x', ' ', '  \n  ', '\u00a0', '\ufeffz', '\u0085', '\v\f', ' \u3000 ', 'Invoice ', ' of ', '$&', "$'", 'é✓ 😀', '\r\n', '\u2028', '}', '{', '}}', ' { x } ', '\t"q"', '.'];
const OTHER_SYNTAX = ['{{this}}', '{{this.a}}', '{{./a}}', '{{@root.a}}', '{{../a}}', '{{a.[b c]}}', '{{[a]}}', '{{~a~}}', '\\{{a}}', '{{!c}}', '{{!-- c --}}', '{{{a}}}', '{{&a}}', '{{#if a}}y{{else}}z{{/if}}', '{{#each a}}{{this}},{{/each}}', '{{lookup a "b"}}', '{{json (or a "z")}}', '{{a 1}}', '{{or a 0}}', '{{> p}}', '{{a "s"}}', "{{setting 'k'}}", '{{ a.b\n}}', '{{a.true}}', '{{true.a}}', '{{a.this}}', '{{else}}', '{{a}', '{{json a b}}', '{{or a}}', '{{setting}}', '{{json}}', '{{a.b c=1}}', '{{a/b}}', '{{a.0}}'];

function pathText(r: Random): string {
  const n = 1 + Math.floor(r() * (r() < 0.5 ? 1 : 3));
  return Array.from({ length: n }, () => pick(r, NAMES)).join('.');
}

function argText(r: Random): string {
  return r() < 0.5 ? pathText(r) : `"${pick(r, [...SETTING_KEYS, 'z z', 'a.b'])}"`;
}

function mustache(r: Random): string {
  const x = r();
  const pad = () => (r() < 0.2 ? ' '.repeat(1 + Math.floor(r() * 2)) : '');
  if (x < 0.45) return `{{${pad()}${pathText(r)}${pad()}}}`;
  if (x < 0.55) return `{{json ${argText(r)}}}`;
  if (x < 0.68) return `{{${pad()}setting ${argText(r)}${pad()}}}`;
  if (x < 0.8) return `{{or  ${argText(r)} ${argText(r)}}}`;
  return pick(r, OTHER_SYNTAX);
}

function template(r: Random): string {
  let text = '';
  for (let n = 1 + Math.floor(r() * 6); n > 0; n--) text += r() < 0.55 ? mustache(r) : pick(r, TEXTS);
  return text;
}

/** The paths a template names, to build contexts they find something in. */
function pathsIn(text: string): string[][] {
  const paths: string[][] = [];
  for (const m of text.matchAll(/\{\{([^}]*)\}\}/g)) {
    for (const p of m[1].match(/[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*/g) ?? []) paths.push(p.split('.'));
  }
  return paths;
}

// ---- the comparison ----

interface Outcome {
  text?: string;
  error?: string;
  trace: string[];
  warnings: string[];
}

const CONSOLE = ['error', 'warn', 'info', 'log', 'debug'] as const;

function outcome(render: (context: Record<string, unknown>) => string, makeOne: (trace: string[]) => unknown): Outcome {
  const trace: string[] = [];
  const warnings: string[] = [];
  const context = makeOne(trace) as Record<string, unknown>;
  (Handlebars as unknown as { resetLoggedPropertyAccesses(): void }).resetLoggedPropertyAccesses(); // the warning is once per name and process: start each render afresh
  const spies = CONSOLE.map((m) => vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void warnings.push(`${m}: ${args.join(' ')}`)));
  try {
    return { text: render(context), trace, warnings };
  } catch (e) {
    const err = e as Error;
    return { error: `${err?.name}: ${err?.message}`, trace, warnings };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

function viaReference(text: string): (context: Record<string, unknown>) => string {
  const compiled = reference.compile(text, { noEscape: true, strict: false });
  return (context) => compiled(context).replace(/\s+/g, ' ').trim();
}

/** What the direct renders met: so a test can tell that the odd cases were there to compare. */
interface Tally {
  direct: number;
  threw: number;
  warned: number;
  called: number;
  getters: number;
}

/** Compares every render of every template with Handlebars'. */
function compare(texts: readonly string[], contexts: number, seed: number): Tally {
  const tally: Tally = { direct: 0, threw: 0, warned: 0, called: 0, getters: 0 };
  texts.forEach((text, t) => {
    const { template, problem } = compileTemplate(text);
    const expected = viaReference(text);
    if (problem) {
      expect(() => expected({}), text).toThrow();
      return;
    }
    if (template!.direct) tally.direct++;
    const paths = pathsIn(text);
    for (let c = 0; c < contexts; c++) {
      const s = seed + t * 1009 + c;
      const makeOne = (trace: string[]) => makeContext(s, paths, trace);
      const mine = outcome(template!, makeOne);
      expect(mine, `${JSON.stringify(text)} with context seed ${s}`).toEqual(outcome(expected, makeOne));
      if (!template!.direct) continue;
      if (mine.error) tally.threw++;
      if (mine.warnings.length) tally.warned++;
      if (mine.trace.some((e) => e.startsWith('f'))) tally.called++;
      if (mine.trace.some((e) => e.startsWith('get '))) tally.getters++;
    }
  });
  return tally;
}

/** A pack template whose mustaches are all {{a.b}} or {{setting "x"}}: the kind the direct renderer is for. */
const plainByEye = (text: string) => [...text.matchAll(/\{\{[^}]*\}\}/g)].every((m) => /^\{\{ *[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*(?: +"[^"]*")? *\}\}$/.test(m[0]));

describe('direct message templates render as Handlebars does', () => {
  test(`the pack's ${PACK_TEMPLATES.length} templates, 40 contexts each`, () => {
    const plain = PACK_TEMPLATES.filter(plainByEye);
    expect(plain.length).toBeGreaterThan(40);
    for (const text of plain) expect(compileTemplate(text).template?.direct, text).toBe(true);
    expect(compare(PACK_TEMPLATES, 40, 0x7e1).direct).toBe(plain.length); // blocks and the like stay with Handlebars
  });

  test('seeded generated templates and contexts', () => {
    const r = prng(0x5eed);
    const texts = Array.from({ length: 2000 }, () => template(r));
    const tally = compare(texts, 4, 0xc0de);
    // The comparisons do exercise the direct renderer, on the cases where it could go wrong.
    expect(tally.direct).toBeGreaterThan(texts.length / 4);
    for (const seen of [tally.threw, tally.warned, tally.called, tally.getters]) expect(seen).toBeGreaterThan(40);
  }, 120_000); // 2,000 generated templates: slow on a loaded two-core machine

  test('the cases that differ from plain JavaScript, one by one', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['{{a.x}}{{b.y}} c', { a: { x: 1 }, b: { y: 2 } }], // Handlebars adds two leading numbers
      ['{{a.x}}{{b.y}}', { a: { x: true }, b: { y: 2 } }],
      ['{{a}}', { a: -0 }],
      ['{{a.toString}} {{a.constructor}} {{a.__proto__}}', { a: {} }],
      ['{{a.length}} {{a.name}}', { a: 'abc' }],
      ['{{f}} {{o.f}}', { f: (o: unknown) => JSON.stringify(o), o: { f() { return this === undefined; } } }],
      ['{{setting "constructor"}} {{setting "k"}}', { settings: { k: 0 } }],
      ['{{json a}} {{json b.c}}', { a: undefined, b: { c: 10n } }],
      // one `data` per render: a context function that changes data.root changes what {{setting}} reads after it
      ['{{f}} {{setting "k"}}', { f: (o: { data: { root: unknown } }) => ((o.data.root = { settings: { k: 'rerooted' } }), 'F'), settings: { k: 'original' } }],
      ['{{a}}{{b}} {{c}}', { a: ' x ', b: '\u00a0y\n', c: '' }],
    ];
    for (const [text, context] of cases) {
      const mine = compileTemplate(text).template!;
      expect(mine.direct, text).toBe(true);
      const theirs = outcome(viaReference(text), () => context);
      expect(outcome(mine, () => context), text).toEqual(theirs);
    }
    expect(compileTemplate('{{a.x}}{{b.y}} c').template!({ a: { x: 1 }, b: { y: 2 } })).toBe('3 c');
  });
});
