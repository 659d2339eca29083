// Message templates: Handlebars without HTML escaping (messages are plain text; reports escape on output).
import Handlebars from 'handlebars';

const hb = Handlebars.create();
hb.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));
hb.registerHelper('setting', function (this: unknown, name: unknown, options: { data?: { root?: { settings?: Record<string, unknown> } } }) {
  return options?.data?.root?.settings?.[String(name)];
});
hb.registerHelper('or', (a: unknown, b: unknown) => (a === undefined || a === null || a === '' ? b : a));

export type MessageTemplate = (context: Record<string, unknown>) => string;

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
  try {
    if (!plainlyValid(text)) hb.parse(text);
  } catch (e) {
    const err = e as Error & { lineNumber?: number; column?: number };
    const first = err.message.split('\n').find((l) => /Expecting|Parse error|doesn't match/.test(l)) ?? err.message.split('\n')[0];
    return { problem: { message: first, line: err.lineNumber, column: err.column !== undefined ? err.column + 1 : undefined } };
  }
  const compiled = hb.compile(text, { noEscape: true, strict: false });
  return { template: (context) => compiled(context).replace(/\s+/g, ' ').trim() };
}
