// Message templates: Handlebars without HTML escaping (messages are plain text; reports escape on output); the
// plain ones (text, paths, the message helpers) rendered directly, to the very text Handlebars would give.
import Handlebars from 'handlebars';

/** The message helpers, by name: one definition for the Handlebars instance and the direct renderer (and its tests). */
export const MESSAGE_HELPERS = {
  json: (value: unknown) => JSON.stringify(value ?? null),
  setting: function (this: unknown, name: unknown, options: { data?: { root?: { settings?: Record<string, unknown> } } }) {
    return options?.data?.root?.settings?.[String(name)];
  },
  or: (a: unknown, b: unknown) => (a === undefined || a === null || a === '' ? b : a),
};

const hb = Handlebars.create();
for (const [name, helper] of Object.entries(MESSAGE_HELPERS)) hb.registerHelper(name, helper);

/** Every helper a message template can call: Handlebars' built-ins and ours (template-check.ts says which it allows). */
export const REGISTERED_HELPERS: readonly string[] = Object.keys(hb.helpers).sort();

/** Handlebars' AST of a template, parsed once per text (loading a pack, checking it and locating mustaches share it). */
const parsed = new Map<string, hbs.AST.Program>();
export function parseTemplate(text: string): hbs.AST.Program {
  let ast = parsed.get(text);
  if (!ast) {
    ast = hb.parse(text);
    parsed.set(text, ast);
  }
  return ast;
}

/** `direct`: rendered without Handlebars (see directSteps), with the same output. */
export type MessageTemplate = ((context: Record<string, unknown>) => string) & { readonly direct: boolean };

export interface TemplateProblem {
  message: string;
  /** 1-based line and column inside the template text, when Handlebars says. */
  line?: number;
  column?: number;
}

/**
 * Text whose only mustaches are plain paths with optional string arguments ({{a.b}}, {{setting "x"}}):
 * such a template always parses, so loading a pack need not run Handlebars' (slow to start) parser on it;
 * anything else (blocks, escapes, odd braces) is parsed to find its syntax errors.
 */
const PLAIN_MUSTACHE = /\{\{ *(?!(?:else|true|false|null|undefined)\b)[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*(?: +"[^"{}\\]*")* *\}\}/g;
export function plainlyValid(text: string): boolean {
  if (text.includes('{{{') || text.includes('}}}') || text.includes('\\')) return false;
  return !text.replace(PLAIN_MUSTACHE, '').includes('{{');
}

export function compileTemplate(text: string): { template?: MessageTemplate; problem?: TemplateProblem } {
  const lookup = handlebarsLookup;
  const steps = lookup && directSteps(text);
  try {
    if (!steps && !plainlyValid(text)) parseTemplate(text);
  } catch (e) {
    return { problem: parseProblem(e as Error & { lineNumber?: number; column?: number }) };
  }
  if (lookup && steps) return { template: Object.assign((context: Record<string, unknown>) => renderSteps(steps, context, lookup), { direct: true }) };
  const compiled = hb.compile(text, { noEscape: true, strict: false });
  return { template: Object.assign((context: Record<string, unknown>) => collapse(compiled(context)), { direct: false }) };
}

/**
 * What a parse error says, and where: a block that does not match carries its position; the parser's own errors
 * only name a line, so the position is the token its lexer stopped at.
 */
function parseProblem(err: Error & { lineNumber?: number; column?: number }): TemplateProblem {
  const lines = err.message.split('\n');
  const message = lines.find((l) => /^Expecting|doesn't match/.test(l)) ?? lines[0];
  if (err.lineNumber !== undefined && err.column !== undefined) return { message, line: err.lineNumber, column: err.column + 1 };
  const at = (Handlebars as { Parser?: { lexer?: { yylloc?: { first_line: number; first_column: number } } } }).Parser?.lexer?.yylloc;
  return at ? { message, line: at.first_line, column: at.first_column + 1 } : { message };
}

/** The offset in `text` of a Handlebars position (1-based line, 0-based column). */
export function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', at);
    if (next < 0) break;
    at = next + 1;
  }
  return at + column;
}

/** A message on one line: `.replace(/\s+/g, ' ').trim()`, without the (slow) regex when there is nothing to do. */
function collapse(text: string): string {
  let afterSpace = true; // so a leading space is work to do
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c < 0xa0) afterSpace = false;
    else if (!isWhitespace(c)) afterSpace = false;
    else if (afterSpace || c !== 32) return text.replace(/\s+/g, ' ').trim();
    else afterSpace = true;
  }
  return afterSpace && text !== '' ? text.replace(/\s+/g, ' ').trim() : text;
}

/** What `\s` matches, by char code. */
function isWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0xa0 && /\s/.test(String.fromCharCode(c)));
}

// Direct rendering: a plain template becomes literal text and mustache steps that do, in the same order, what
// Handlebars' compiled code for it does (its `main` function: lookups, calls, `!= null ? v : ""`, `+`).

type Lookup = (parent: unknown, name: string) => unknown;
interface Frame {
  readonly context: unknown;
  readonly lookup: Lookup;
  /** Handlebars' `data` ({ root }), one per render as there: a context function may change it for later helpers. */
  data?: { root: unknown };
}
/** Literal text, collapsed when compiled: its ends tell whether it joins its neighbours with a space. */
interface Literal {
  readonly text: string;
  readonly core: string;
  readonly lead: boolean;
  readonly trail: boolean;
}
type Step = Literal | ((frame: Frame) => unknown);

function literal(text: string): Literal {
  return { text, core: collapse(text), lead: isWhitespace(text.charCodeAt(0)), trail: isWhitespace(text.charCodeAt(text.length - 1)) };
}

/**
 * Handlebars' own lookupProperty: own properties, its prototype deny list and its once-per-name warning shared
 * with every template. Taken from the container of a precompiled template (the form `hb.compile` produces).
 */
const handlebarsLookup = ((): Lookup | undefined => {
  let found: Lookup | undefined;
  try {
    const main = (container: { lookupProperty?: unknown }) => {
      if (typeof container.lookupProperty === 'function') found = container.lookupProperty as Lookup;
      return '';
    };
    Handlebars.template({ compiler: [8, '>= 4.3.0'], main, useData: true } as unknown as TemplateSpecification)({});
  } catch {
    // another Handlebars: every template goes through it
  }
  return found;
})();
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/**
 * Handlebars joins the parts with `+` (two leading values that are numbers add up; objects go through
 * valueOf/toString) and the message is collapsed; here each part is collapsed as it is joined, once the sum is
 * text (`text + v` converts v as `'' + v` does).
 */
function renderSteps(steps: readonly Step[], context: unknown, lookup: Lookup): string {
  const frame: Frame = { context, lookup };
  let line = '';
  let space = false; // whitespace after the last word so far
  let i = 0;
  let part: Literal | undefined;
  if (typeof steps[0] === 'function') {
    let sum: unknown = steps[0](frame);
    for (i = 1; typeof sum !== 'string' && i < steps.length; i++) {
      const step = steps[i];
      sum = (sum as string) + ((typeof step === 'function' ? step(frame) : step.text) as string);
    }
    if (typeof sum !== 'string') return collapse('' + (sum as string));
    part = literal(sum);
  }
  for (; ; part = undefined) {
    if (!part) {
      if (i >= steps.length) return line;
      const step = steps[i++];
      part = typeof step === 'function' ? literal('' + (step(frame) as string)) : step;
    }
    if (part.core === '') space ||= part.lead;
    else {
      if ((space || part.lead) && line !== '') line += ' ';
      line += part.core;
      space = part.trail;
    }
  }
}

function resolvePath(frame: Frame, segments: readonly string[]): unknown {
  let value = frame.context;
  for (const segment of segments) {
    if (value == null) return value;
    value = frame.lookup(value, segment);
  }
  return value;
}

const SEGMENT = '[A-Za-z_][\\w-]*';
const PATH = `${SEGMENT}(?:\\.${SEGMENT})*`;
const DIRECT_MUSTACHE = new RegExp(`\\{\\{ *(${PATH}(?: +(?:"[^"{}\\\\]*"|${PATH}))*) *\\}\\}`, 'g');
/** Lexed as literals (true, null, ...) or refused in a path (this) by Handlebars: left to it. */
const NOT_A_NAME = new Set(['true', 'false', 'null', 'undefined', 'this']);
const HELPER_ARITY: Record<string, number> = { json: 1, setting: 1, or: 2 };

/** The steps of a template Handlebars would render the same way, or undefined to leave it to Handlebars. */
function directSteps(text: string): Step[] | undefined {
  if (/[\\\0]|\{\{\{|\}\}\}/.test(text)) return undefined;
  const steps: Step[] = [];
  let at = 0;
  let index = 0;
  for (const match of text.matchAll(DIRECT_MUSTACHE)) {
    const before = text.slice(at, match.index);
    if (before.includes('{{')) return undefined;
    if (before) steps.push(literal(before));
    const step = mustacheStep(match[1], text, index++);
    if (!step) return undefined;
    steps.push(step);
    at = match.index + match[0].length;
  }
  const rest = text.slice(at);
  if (rest.includes('{{')) return undefined;
  if (rest) steps.push(literal(rest));
  return steps;
}

function mustacheStep(expression: string, text: string, index: number): Step | undefined {
  const [head, ...args] = expression.match(/"[^"]*"|[^ ]+/g)!;
  const segments = head.split('.');
  if (/^else\b/.test(head) || segments.some((s) => NOT_A_NAME.has(s))) return undefined;
  if (args.length === 0) return segments.length > 1 ? pathStep(segments) : nameStep(head, text, index);
  if (HELPER_ARITY[head] !== args.length) return undefined;
  const params: ((frame: Frame) => unknown)[] = [];
  for (const arg of args) {
    if (arg.startsWith('"')) {
      const literal = arg.slice(1, -1);
      params.push(() => literal);
    } else {
      const path = arg.split('.');
      if (path.some((s) => NOT_A_NAME.has(s))) return undefined;
      params.push((frame) => resolvePath(frame, path)); // a parameter is looked up, never called
    }
  }
  const [first, second] = params;
  // Our own helpers, called as Handlebars would; of its options they read only data.root.
  const call: (frame: Frame) => unknown =
    head === 'json'
      ? (frame) => MESSAGE_HELPERS.json(first(frame))
      : head === 'or'
        ? (frame) => MESSAGE_HELPERS.or(first(frame), second(frame))
        : (frame) => MESSAGE_HELPERS.setting.call(frame.context, first(frame), { data: dataOf(frame) as { root?: { settings?: Record<string, unknown> } } });
  return (frame) => {
    const value = call(frame);
    return value != null ? value : '';
  };
}

/** {{a.b}}: looked up segment by segment; a function at the end is called on the context (Handlebars' lambda). */
function pathStep(segments: readonly string[]): Step {
  return (frame) => {
    let value = resolvePath(frame, segments);
    if (typeof value === 'function') value = value.call(frame.context);
    return value != null ? value : '';
  };
}

/**
 * {{name}}: Handlebars tries a helper first, so a helper's name stays with it, and so does a name every object
 * has (its helper lookup warns about those); otherwise a function found in the context is called like a helper,
 * with the options Handlebars passes a context function (no lookupProperty: that is for registered helpers).
 */
function nameStep(name: string, text: string, index: number): Step | undefined {
  if (name in hb.helpers || name in {}) return undefined;
  return (frame) => {
    const context = frame.context;
    const value = context != null ? frame.lookup(context, name) : context;
    if (value == null) return '';
    if (typeof value !== 'function') return value;
    const result = value.call(context, { name, hash: {}, data: dataOf(frame), loc: mustacheLocation(text, index) });
    return result != null ? result : '';
  };
}

function dataOf(frame: Frame): { root: unknown } {
  return (frame.data ??= { root: frame.context });
}

/** Where Handlebars' parser puts the index-th mustache; only a context function asks, so parsed then. */
const mustacheLocations = new Map<string, { start: Position; end: Position }[]>();
interface Position {
  line: number;
  column: number;
}
function mustacheLocation(text: string, index: number): { start: Position; end: Position } {
  let locations = mustacheLocations.get(text);
  if (!locations) {
    locations = parseTemplate(text).body.filter((s) => s.type === 'MustacheStatement').map((s) => s.loc);
    mustacheLocations.set(text, locations);
  }
  const { start, end } = locations[index];
  return { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
}
