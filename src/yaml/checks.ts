// What the YAML/JSON readers refuse beyond syntax: nesting deeper than a limit, keys YAML would change, numbers
// that are no number (1e309, .nan, .inf). Shared by the YAML reader and the invoices' JSON parser.
import type { CST, Document } from 'yaml';
import type * as YamlModule from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';

/**
 * How many lists and mappings a value may sit inside, in any file preflight reads. The deepest file in the
 * repository needs 16; the limit keeps every reader and checker, most of them recursive, far from the stack's end.
 */
export const MAX_NESTING = 64;

export const TOO_DEEP = `lists and mappings are nested too deeply here (limit ${MAX_NESTING} levels)`;

/**
 * Where the first value (in document order) sits inside more than MAX_NESTING lists and mappings, as an offset:
 * read from the parser's tokens before the composer, which recurses once per level, overflows the stack.
 */
export function tooDeepOffset(token: CST.Token): number | undefined {
  const stack: [CST.Token, number][] = token.type === 'document' && token.value ? [[token.value, 0]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) return node.offset;
    if (!isCollection(node)) continue;
    const inFlowSequence = node.type === 'flow-collection' && node.start.type === 'flow-seq-start';
    const children: [CST.Token, number][] = [];
    for (const item of node.items as CST.CollectionItem[]) {
      // "[a: 1]" holds a mapping of one pair inside the list: one level more than its brackets say.
      const level = depth + (inFlowSequence && item.sep ? 2 : 1);
      // A key that is text is no value of its own (its value is checked): only a collection as a key counts.
      if (item.key && isCollection(item.key)) children.push([item.key, level]);
      if (item.value) children.push([item.value, level]);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}

function isCollection(token: CST.Token): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

/** How many lists and mappings the deepest value inside `value` sits in (a value met again is counted once). */
export function nesting(value: unknown, seen = new Map<object, number>()): number {
  if (value === null || typeof value !== 'object') return 0;
  const known = seen.get(value);
  if (known !== undefined) return known;
  seen.set(value, 0); // a value that holds itself adds nothing by it
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, 1 + nesting(child, seen));
  seen.set(value, deepest);
  return deepest;
}

/** A number the text spells that is no finite number: the problem's code and what to say, else undefined. */
export function numberProblem(raw: string, value: number): { code: string; message: string } | undefined {
  if (Number.isFinite(value)) return undefined;
  const quote = `if it is text, write it in quotes ("${raw}")`;
  if (/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(raw)) return { code: 'not-a-number', message: `\`${raw}\` is not a number preflight accepts; ${quote}` };
  return { code: 'number-too-large', message: `${raw} is too large to be a number; ${quote}` };
}

/**
 * Map keys YAML would silently change (00123 becomes "123", 1e3 becomes "1000": ids must be quoted) and number
 * values that are none (1e309 overflows to Infinity; .nan and .inf are YAML's own): every one, located.
 */
export function scalarProblems(Y: typeof YamlModule, doc: Document, text: string, at: (o: number) => SourceLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  const raw = (node: { range?: [number, number, number] | null }) => text.slice(node.range![0], node.range![1]).trim();
  const visit = (n: unknown): void => {
    if (Y.isMap(n)) {
      for (const pair of n.items) {
        const key = pair.key;
        if (Y.isScalar(key) && typeof key.value !== 'string' && key.range && raw(key) !== String(key.value)) {
          out.push(problem('ambiguous-key', `key ${raw(key)} would be read as ${String(key.value)}; write it in quotes ("${raw(key)}") so ids keep their exact text`, at(key.range[0])));
        }
        visit(pair.value);
      }
    } else if (Y.isSeq(n)) n.items.forEach(visit);
    else if (Y.isScalar(n) && typeof n.value === 'number' && n.range) {
      const found = numberProblem(raw(n), n.value);
      if (found) out.push(problem(found.code, found.message, at(n.range[0])));
    }
  };
  visit(doc.contents);
  return out;
}

function problem(code: string, message: string, location: SourceLocation): Diagnostic {
  return { severity: 'error', code, message, location };
}
