// Text from files (vendor names, invoice numbers, messages) made safe to print: no character a terminal acts on.

/**
 * Characters a terminal or a log viewer acts on instead of showing: C0 controls (ESC starts colour, clear-screen
 * and title sequences; BEL rings; CR and LF move the cursor), DEL, C1 controls (U+009B is CSI on its own), the
 * line and paragraph separators, the bidirectional controls that reorder what is shown, and the code units that
 * are no character at all (lone surrogates, U+FFFE, U+FFFF).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * `text` with each such character written as a JavaScript string escape (`\x1b`, `\n`, `\u202e`): visible,
 * inert, and one spelling across every terminal and annotation format. `keep` lists characters the caller's
 * format handles itself (GitHub annotations encode CR and LF; JUnit bodies keep their line breaks and tabs).
 */
export function terminalText(text: string, keep = ''): string {
  return text.replace(UNSAFE, (ch) => (keep.includes(ch) ? ch : escapeChar(ch)));
}

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return SHORT[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}
