// Seeded random YAML documents in and around the fast path's shape, for the differential test of fast.ts.
// Not valid YAML by design: the near misses (odd indents, stray characters, scalars YAML reads its own
// way) are where a hand-written parser and the `yaml` package part ways.
export { prng } from '../prng.ts';

/** Plain scalars the YAML 1.2 core schema reads specially, near misses of them, and text that needs quotes. */
const PLAIN = [
  // numbers in every notation, and near misses
  '0', '7', '-12', '+1', '+0', '-0', '007', '0123', '00', '1.5', '-1.5', '1.', '.5', '-.5', '+.5', '1.10', '0.0', '3.14159',
  '1e3', '1E3', '-1e-3', '1.5e+10', '.5e3', '1e', 'e3', '0o17', '0o8', '0O17', '0x1F', '0x1f', '0X1F', '0xG', '0b101',
  '.inf', '-.Inf', '+.INF', '.Inf', '.nan', '.NaN', '.NAN', '-.nan', 'inf', 'nan', '1_000', '1,000', '123456789012345',
  '1234567890123456', '99999999999999999999', '1.0000000000000001', '-', '+', '.', '..', '-.', '12:30', '1:2',
  // booleans and nulls (core schema) and YAML 1.1 words that stay strings
  'true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE', 'yes', 'Yes', 'no', 'on', 'off', 'y', 'n',
  'null', 'Null', 'NULL', 'nULL', '~', '~~',
  // dates, times, urls, paths
  '2027-01-31', '2027-1-31', '2027-01-31T10:00:00Z', '2027-01-31 10:00:00', '10:00', 'http://x.example/a?b=c#d',
  'C:\\temp', 'a/b/c', '@user', '`tick`', '%x', '!tag', '&anchor', '*alias', '?q', '|pipe', '>gt',
  // words, spaces, punctuation inside values
  'x', 'abc', 'two words', 'a  b', 'a:b', 'a: b', 'a :b', 'a#b', 'a #b', 'a# b', '#c', 'a,b', 'a, b', '[a]', 'a]', 'a}',
  'a{b}', 'a[0]', "it's", 'say "hi"', 'é', '日本語', 'a\\nb', '- x', '-x', '--', '---', '...', '? x', ': x', 'a:', 'a -',
];

const QUOTED = [
  '""', "''", '"x"', "'x'", '"a: b"', "'a: b'", '"#c"', "'#c'", '"it\'s"', "'it''s'", "''''", '"say \\"hi\\""', '"a\\\\b"',
  '"a\\/b"', '"tab\\there"', '"line\\nbreak"', '"\\u00e9"', '"\\x41"', '"\\0"', '"\\e"', '"\\ "', '"\\_"', '"\\L"', '"\\N"',
  '"\\r"', '"\\b"', '"a\\"', "'a", '"a', '"a" b', '"a"#c', "'a'  # c", '"0123"', "'true'", '"null"', '"1e3"', "'~'",
  '"  spaced  "', "' x '", '"a""b"', "'a'b'", '"[a]"', '"{a: 1}"', '"é\\u263a"',
];

const KEYS = [
  'a', 'b', 'name', 'id', 'version', 'x_y', 'a-b', 'a.b', 'A', 'key with space', 'a  b', 'ça', '日本', 'a/b', 'a~b', 'a~1',
  '1', '0', '007', '0123', '1.5', '1e3', '0x1F', '0o17', '.inf', '-1', '+1', 'true', 'True', 'FALSE', 'yes', 'no', 'on',
  'null', 'Null', '~', '__proto__', 'constructor', 'toString', '<<', '2027-01-31', 'a#b', 'a #b', 'a:b', '-a', '- a', '?a',
  '"q"', "'q'", '"a: b"', "'1'", '"true"', '""', "''", '"__proto__"', '"a#b"', '"a\\"b"', "'it''s'", '"\\u0061"', '"x"y',
  '[a]', '{a: 1}', '&x a', '!t a', '@a', '`a', '%a', 'a b c d e f', 'x', 'x',
];

const BLOCK_HEADERS = ['|', '|-', '|+', '>', '>-', '>+', '|2', '|1-', '|+2', '>2', '>-1', '|0', '| # c', '|#c', '|  ', '| x', '|-+', '>9'];

/** What most of our files hold: documents made only of these stay in the fast path's shape. */
const TAME = ['x', 'abc', 'two words', '12', '-3', '0', '1.5', 'true', 'false', 'null', '2027-01-31', '"quoted"', "'single'", 'a-b', 'http://x.example/a'];

export class YamlGenerator {
  /** Half the documents are tame: odd forms only now and then, so many stay in the shape and get compared. */
  private odd = 1;

  constructor(private readonly rand: () => number) {}

  /** Rarely in a tame document, else with probability `p`. */
  oddly(p: number): boolean {
    return this.rand() < p * this.odd;
  }

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  chance(p: number): boolean {
    return this.rand() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A whole document: usually a block mapping at indent 0, sometimes with markers or character-level edits. */
  document(): string {
    this.odd = this.chance(0.5) ? 1 : 0.1;
    const lines: string[] = [];
    if (this.oddly(0.05)) lines.push(this.pick(['---', '--- # doc', '%YAML 1.2\n---', '---\n', '# header']));
    this.mapping(lines, 0, 0, 0);
    if (this.oddly(0.05)) lines.push(this.pick(['...', '---', '--- ', '...\n', '# end']));
    let text = lines.join('\n');
    if (this.chance(0.8)) text += '\n';
    if (this.oddly(0.05)) text += this.pick(['\n', '\n\n', '  \n', '# trailing', '\n   ']);
    const edits = this.oddly(0.4) ? 1 + this.int(3) : 0;
    for (let i = 0; i < edits; i++) text = this.edit(text);
    return text;
  }

  /** A character-level edit: a character inserted, deleted, replaced or doubled. */
  edit(text: string): string {
    const at = this.int(text.length + 1);
    const ch = this.pick([' ', ' ', '\n', ':', '#', '-', '"', "'", '[', ']', '{', '}', ',', '|', '>', '\\', '&', '*', '!', '?', 'a', '0', '.', '~', '\t', '\r', '\u00a0', '\u2028']);
    switch (this.int(4)) {
      case 0:
        return text.slice(0, at) + ch + text.slice(at);
      case 1:
        return text.slice(0, at) + text.slice(at + 1);
      case 2:
        return text.slice(0, at) + ch + text.slice(at + 1);
      default:
        return text.slice(0, at) + text.slice(at, at + 1 + this.int(6)) + text.slice(at);
    }
  }

  /** Lines of a block mapping whose keys stand at `indent`; the first key may share a line started by the caller. */
  mapping(lines: string[], indent: number, depth: number, firstColumnTaken: number): void {
    const count = 1 + this.int(depth === 0 ? 6 : 4);
    for (let i = 0; i < count; i++) {
      this.filler(lines, indent);
      const pad = i === 0 && firstColumnTaken > 0 ? '' : ' '.repeat(indent);
      const key = !this.oddly(0.4) ? this.pick(['a', 'b', 'c', 'name', 'id', 'items', 'value']) + (this.chance(0.5) ? String(this.int(20)) : '') : this.pick(KEYS);
      const colon = !this.oddly(0.07) ? ':' : this.pick([' :', ':  ', '::', ': :']);
      this.value(lines, `${pad}${key}${colon}`, indent, depth, true);
    }
  }

  /** Lines of a block sequence whose dashes stand at `indent`. */
  sequence(lines: string[], indent: number, depth: number): void {
    const count = 1 + this.int(4);
    for (let i = 0; i < count; i++) {
      this.filler(lines, indent);
      const dash = `${' '.repeat(indent)}-`;
      if (depth < 4 && this.chance(0.35)) {
        // "- key: value" with the item's other keys aligned below it
        const gap = 1 + (!this.oddly(0.15) ? 0 : this.int(3));
        const before = lines.length;
        this.mapping(lines, indent + 1 + gap, depth + 1, 1);
        lines[before] = `${dash}${' '.repeat(gap)}${lines[before]}`;
      } else this.value(lines, dash, indent, depth, false);
    }
  }

  /** The value after `head` ("key:" or "-"): a scalar, a flow collection, a block scalar or a nested collection. */
  value(lines: string[], head: string, indent: number, depth: number, inMapping: boolean): void {
    const r = this.rand();
    const sp = !this.oddly(0.08) ? ' ' : this.pick(['', '  ', '   ']);
    const trailing = this.oddly(0.08) ? this.pick([' ', '  ', ' # c', '  #c', '#c', ' #', ' # a: b']) : '';
    if (r < 0.45 || depth >= 4) {
      lines.push(`${head}${sp}${this.scalar()}${trailing}`);
      if (this.oddly(0.03)) lines.push(`${' '.repeat(indent + 1 + this.int(3))}${this.pick(['continued', '- x', 'k: v', '# c'])}`);
    } else if (r < 0.58) {
      lines.push(`${head}${sp}${this.flow(depth)}${trailing}`);
    } else if (r < 0.66) {
      this.blockScalar(lines, `${head}${sp}${this.oddly(0.6) ? this.pick(BLOCK_HEADERS) : this.pick(['|', '|-', '>', '>-'])}`, indent);
    } else if (r < 0.7) {
      lines.push(`${head}${this.pick(['', ' ', ' # c', ' ~', ' null'])}`); // empty value
    } else {
      lines.push(`${head}${this.pick(['', '', '', ' ', ' # c', '  #c'])}`);
      const deeper = indent + 1 + this.int(4);
      const seq = this.chance(0.45);
      if (seq) this.sequence(lines, inMapping && this.chance(0.4) ? indent : deeper, depth + 1);
      else this.mapping(lines, this.oddly(0.05) ? indent : deeper, depth + 1, 0);
    }
  }

  /** A flow collection, mostly on one line; sometimes malformed or split over lines. */
  flow(depth: number): string {
    const sp = () => (!this.oddly(0.2) ? ' ' : this.pick(['', '  ']));
    const item = (): string => (depth < 3 && this.chance(0.2) ? this.flow(depth + 1) : this.scalar());
    const n = this.int(4);
    const parts: string[] = [];
    const map = this.chance(0.45);
    for (let i = 0; i < n; i++) {
      if (map) {
        const key = !this.oddly(0.3) ? this.pick(['a', 'b', 'k', 'x']) + String(i) : this.pick(KEYS);
        parts.push(`${key}${!this.oddly(0.1) ? ': ' : this.pick([':', ' : ', ':  '])}${item()}`);
      } else parts.push(item());
    }
    let body = parts.join(`,${sp()}`);
    if (this.oddly(0.05)) body += ',';
    if (this.oddly(0.03)) body = body.replace(',', ',\n  ');
    const [open, close] = map ? ['{', '}'] : ['[', ']'];
    return `${open}${sp()}${body}${n > 0 ? sp() : ''}${!this.oddly(0.03) ? close : ''}`;
  }

  /** A block scalar: header, then lines at varying indents, blank lines, trailing spaces, comment-looking lines. */
  blockScalar(lines: string[], head: string, indent: number): void {
    lines.push(head);
    const base = indent + 1 + this.int(3);
    const count = this.int(5);
    for (let i = 0; i < count; i++) {
      const r = this.oddly(1) ? this.rand() : 0.35 + this.rand() * 0.65;
      if (r < 0.12) lines.push('');
      else if (r < 0.2) lines.push(' '.repeat(this.int(base + 3)));
      else if (r < 0.3) lines.push(`${' '.repeat(base + 1 + this.int(2))}deeper ${i}`);
      else if (r < 0.35) lines.push(`${' '.repeat(Math.max(0, base - 1))}shallower`);
      else lines.push(`${' '.repeat(base)}${this.pick(['text', '# not a comment', 'a: b', '- x', "'q'", 'line  ', 'x #y', '   '])}${this.chance(0.1) ? ' ' : ''}`);
    }
  }

  /** A scalar: plain or quoted, of any form (in a tame document, mostly the common ones). */
  scalar(): string {
    if (!this.oddly(0.6)) return this.pick(TAME);
    return this.chance(0.7) ? this.pick(PLAIN) : this.pick(QUOTED);
  }

  /** Blank lines, lines of spaces and comment lines at odd indents, between entries. */
  filler(lines: string[], indent: number): void {
    if (!this.oddly(0.15)) return;
    lines.push(this.pick(['', ' ', '    ', `${' '.repeat(indent)}# c`, '# c', `${' '.repeat(this.int(8))}# odd`, '#', '  #: x', '']));
  }
}
