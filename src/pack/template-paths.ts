// How Handlebars resolves a name in a template (a block parameter, @data, a context that `../` steps out of) down
// to the shape of what it reads, and what a message says when the name is not there.
import { suggest } from '../suggest.ts';
import { ANY, describeShape, member, type Shape } from './template-shape.ts';

/** What a template sees at its top level. */
export interface TemplateView {
  /** The context object: its `properties` are every top-level name. */
  root: Shape;
  /** The pack's settings by name, for {{setting "name"}}. */
  settings: ReadonlyMap<string, Shape>;
  /** Why a top-level name is not there for this rule ("item": the rule has no `each`, ...). */
  absent: Readonly<Record<string, string>>;
}

/** A context Handlebars looks names up in, and how a message names it. */
export interface Frame {
  shape: Shape;
  label: string;
}

export interface Scope {
  /** Contexts, innermost last: #each and #with open one (`../` steps out of it), #if does not. */
  contexts: readonly Frame[];
  /** @data frames, innermost last: the top level's (@root only), then one per #each (the shape of its @key). */
  data: readonly (Frame | undefined)[];
  /** Block parameters (`as |x i|`) of the enclosing blocks, innermost last. */
  params: readonly ReadonlyMap<string, Frame>[];
}

/** What a name reads; `miss` when it is not there: why, and its offset in the name as written. */
export interface Resolved {
  shape: Shape;
  miss?: { code: string; message: string; at: number };
}

const NUMBER: Shape = { type: 'integer' };
const BOOLEAN: Shape = { type: 'boolean' };
const DATA_NAMES = ['index', 'key', 'first', 'last'];

/** True for `this…` and `./…`: Handlebars then looks in the context only (no block parameter, no helper). */
export function isScoped(path: hbs.AST.PathExpression): boolean {
  return /^\.|^this\b/.test(path.original);
}

/** A path (written `raw`) as Handlebars resolves it: a block parameter, @data, or a context. */
export function resolvePath(path: hbs.AST.PathExpression, raw: string, scope: Scope, view: TemplateView): Resolved {
  const param = !path.depth && !isScoped(path) && path.parts.length > 0 ? findParam(scope, path.parts[0]) : undefined;
  if (param) return walkPath(param, path.parts.slice(1), raw, false, view, 1);
  if (path.data) return resolveData(path, raw, scope, view);
  const frame = scope.contexts[scope.contexts.length - 1 - path.depth];
  if (!frame) {
    const open = scope.contexts.length - 1;
    const message = `"${raw}" steps out of ${path.depth} context${path.depth === 1 ? '' : 's'}, but ${open === 0 ? 'none encloses' : `only ${open} enclose${open === 1 ? 's' : ''}`} it (#each and #with open one; #if and #unless do not)`;
    return { shape: ANY, miss: { code: 'template-scope', message, at: 0 } };
  }
  return walkPath(frame, path.parts, raw, frame === scope.contexts[0], view);
}

function resolveData(path: hbs.AST.PathExpression, raw: string, scope: Scope, view: TemplateView): Resolved {
  const [name, ...rest] = path.parts;
  if (name === 'root') return walkPath({ shape: view.root, label: '@root' }, rest, raw, true, view, 1);
  if (!DATA_NAMES.includes(name)) {
    const hint = suggest(name, [...DATA_NAMES, 'root']);
    return { shape: ANY, miss: { code: 'unknown-name', message: `unknown data name @${name}${hint ? `; did you mean "@${hint}"?` : '; messages have @index, @key, @first, @last and @root'}`, at: 0 } };
  }
  const frame = scope.data[scope.data.length - 1 - path.depth];
  if (!frame) {
    const message = path.depth > 0 ? `"${raw}" steps out of more #each blocks than enclose it` : `"${raw}" is set only inside {{#each}}`;
    return { shape: ANY, miss: { code: 'template-scope', message, at: 0 } };
  }
  const shape = name === 'key' ? frame.shape : name === 'index' ? NUMBER : BOOLEAN;
  return walkPath({ shape, label: `@${name}` }, rest, raw, false, view, 1);
}

/**
 * Follows `parts` from a frame; the first part that is not there is a miss at its place in `raw` (the path as
 * written; '' when it is not a path), with the closest name. `top`: the frame is the template's top level.
 * `skip`: parts of `raw` already used (a block parameter, @root).
 */
export function walkPath(frame: Frame, parts: readonly string[], raw: string, top: boolean, view: TemplateView, skip = 0): Resolved {
  let shape = frame.shape;
  const written = segmentOffsets(raw, skip + parts.length);
  for (let i = 0; i < parts.length; i++) {
    const next = member(shape, parts[i]);
    if (next) {
      shape = next;
      continue;
    }
    const at = written[skip + i] ?? 0;
    const setting = top && i === 1 && parts[0] === 'settings' ? parts.slice(1).join('.') : undefined;
    const where: Missing = { shown: raw || parts[i], owner: i === 0 ? frame.label : raw.slice(0, at).replace(/[./]$/, ''), seg: parts[i], at, top: top && i === 0, setting };
    return { shape: ANY, miss: { code: 'unknown-name', message: missingMessage(where, shape, view), at } };
  }
  return { shape };
}

/** A name that is not there: as written, what it was looked up in, the missing part and where it stands. */
interface Missing {
  shown: string;
  owner: string;
  seg: string;
  at: number;
  top: boolean;
  /** For settings.a.b: "a.b". */
  setting?: string;
}

function missingMessage({ shown, owner, seg, at, top, setting }: Missing, shape: Shape, view: TemplateView): string {
  const head = `unknown name "${shown}": `;
  if (top && Object.prototype.hasOwnProperty.call(view.absent, seg)) return head + view.absent[seg];
  // Settings are keyed by their dotted names, so {{settings.a.b}} never finds setting "a.b".
  const named = setting !== undefined && [...view.settings.keys()].find((n) => n === setting || setting.startsWith(`${n}.`));
  if (named) return `${head}a setting's name has dots in it: write {{setting "${named}"}}`;
  const kind = describeShape(shape);
  if (kind === 'a list') return `${head}${owner} is a list: read its items with {{#each ${owner}}} or (lookup ${owner} 0)`;
  const names = Object.keys(shape.properties ?? {});
  if (names.length === 0) return `${head}${owner} is ${kind}, so it has no "${seg}"`;
  const hint = suggest(seg, names);
  const fix = hint && shown.slice(0, at) + hint + shown.slice(at + seg.length);
  const where = top ? `nothing is named "${seg}" at the top level` : `${owner} has no "${seg}"`;
  const known = names.length <= 12 ? `; ${top ? 'there are' : 'it has'} ${names.join(', ')}` : '';
  return `${head}${where}${fix ? `; did you mean "${fix}"?` : known}`;
}

export function findParam(scope: Scope, name: string): Frame | undefined {
  for (let i = scope.params.length - 1; i >= 0; i--) {
    const hit = scope.params[i].get(name);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Where each segment starts in a path as written (`../a.[b c]/d`, `@root.x`, `this.y`): after the prefixes,
 * segments are separated by `.` or `/`, and a `[...]` segment may hold either.
 */
function segmentOffsets(raw: string, count: number): number[] {
  const out: number[] = [];
  let i = raw.startsWith('@') ? 1 : 0;
  while (raw.startsWith('../', i)) i += 3;
  if (raw.startsWith('this', i) && (raw.length === i + 4 || raw[i + 4] === '.' || raw[i + 4] === '/')) i += 5;
  else if (raw.startsWith('./', i)) i += 2;
  while (out.length < count && i <= raw.length) {
    out.push(raw[i] === '[' ? i + 1 : i);
    const close = raw[i] === '[' ? raw.indexOf(']', i) : i;
    let j = close < 0 ? raw.length : close;
    while (j < raw.length && raw[j] !== '.' && raw[j] !== '/') j++;
    i = j + 1;
  }
  return out;
}
