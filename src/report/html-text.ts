// Customer text on the HTML page: control characters shown, not obeyed, and each name kept apart from its neighbours.
import Handlebars from 'handlebars';
import { terminalText } from './terminal-text.ts';

/**
 * `value` with every string in it made visible: the bidirectional controls (an override would reorder the rest of
 * the line) and the other invisible controls written as escapes, by terminalText's one list. Tab, CR and LF stay:
 * HTML shows them as spaces. Applied to the whole view, so the title, attributes and every text slot are covered.
 */
export function visibleView<T>(value: T): T {
  if (typeof value === 'string') return terminalText(value, '\t\n\r') as T;
  if (Array.isArray(value)) return value.map(visibleView) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visibleView(v)])) as T;
  }
  return value;
}

const escape = Handlebars.Utils.escapeExpression;

/**
 * One customer value, or a list of them, each in a `<bdi>`: a name takes its own direction (a Hebrew name reads
 * right to left) and never pulls the commas or words around it into its order.
 */
export function isolatedValues(value: unknown): Handlebars.SafeString {
  const items = Array.isArray(value) ? value : [value];
  return new Handlebars.SafeString(items.map((v) => `<bdi>${escape(String(v ?? ''))}</bdi>`).join(', '));
}

/** A letter of a right-to-left script. */
const RTL = '[\\p{Script=Hebrew}\\p{Script=Arabic}\\p{Script=Syriac}\\p{Script=Thaana}\\p{Script=Nko}\\p{Script=Samaritan}\\p{Script=Mandaic}\\p{Script=Adlam}]';
/** A right-to-left name inside a sentence: its letters and what stands between them, short of a list separator or a left-to-right letter. */
const RTL_RUN = new RegExp(`${RTL}(?:[^,;\\p{L}\\n]*${RTL})*\\p{M}*`, 'gu');

/**
 * A sentence with customer values inside it (a message, a finding key, a file location): the values are already
 * text, so each right-to-left run goes in its own `<bdi>`, which keeps "Arabic name, Hebrew name" in list order.
 */
export function isolatedProse(text: unknown): Handlebars.SafeString {
  const s = String(text ?? '');
  let html = '';
  let at = 0;
  for (const m of s.matchAll(RTL_RUN)) {
    html += `${escape(s.slice(at, m.index))}<bdi>${escape(m[0])}</bdi>`;
    at = m.index + m[0].length;
  }
  return new Handlebars.SafeString(html + escape(s.slice(at)));
}
