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

export function compileTemplate(text: string): { template?: MessageTemplate; problem?: TemplateProblem } {
  try {
    hb.parse(text);
  } catch (e) {
    const err = e as Error & { lineNumber?: number; column?: number };
    const first = err.message.split('\n').find((l) => /Expecting|Parse error|doesn't match/.test(l)) ?? err.message.split('\n')[0];
    return { problem: { message: first, line: err.lineNumber, column: err.column !== undefined ? err.column + 1 : undefined } };
  }
  const compiled = hb.compile(text, { noEscape: true, strict: false });
  return { template: (context) => compiled(context).replace(/\s+/g, ' ').trim() };
}
