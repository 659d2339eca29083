// The import layout's quick paths (compiled fields, amounts and dates read without big.js, one-pass text scan,
// Latin-1 encoding) against the plain implementation they replaced: same facts in the same order, same lines,
// same bytes, same errors, on seeded generated values.
import { describe, expect, test } from 'vitest';
import { prng } from '../prng.ts';
import { requirePack } from '../../src/pack/load.ts';
import { misfit, formatFixed } from '../../src/logic/ops/money.ts';
import {
  describeCharacter,
  describeRecord,
  encodeLine,
  formatDate,
  formatRecord,
  lineBreak,
  recordCells,
  resolveLayout,
  unencodable,
  type FieldCell,
  type ImportFacts,
  type ImportLayout,
  type LayoutField,
  type ResolvedField,
} from '../../src/pack/layout.ts';

// ---- the reference: layout.ts as it was before the quick paths ----

const reference = {
  recordCells(fields: ResolvedField[], values: Record<string, unknown>): FieldCell[] {
    return fields.map((field) => ({ field, value: field.constant ?? (field.value !== undefined ? values[field.value] : null) }));
  },
  describeRecord(id: string, line: number | null, cells: FieldCell[], encoding: string, facts: ImportFacts): void {
    for (const { field, value } of cells) {
      if (field.constant !== undefined) continue;
      const key = line === null ? `${id}/${field.name}` : `${id}/${line}/${field.name}`;
      const label = `${id} ${field.name}${line === null ? '' : ` (line ${line})`}`;
      const blank = value === null || value === undefined || value === '';
      if (field.required) facts.required.push({ key, label, limit: 'required', blank });
      if (blank) continue;
      const text = String(value);
      if (field.type === 'date') {
        const format = field.dateFormat!;
        facts.dates.push({ key, label, value: text, limit: format, year: /^\d{4}-\d{2}-\d{2}$/.test(text) ? Number(text.slice(0, 4)) : null, twoDigitYear: format.includes('YY') && !format.includes('YYYY') });
      }
      if (field.type === 'number' && field.numeric) {
        let why: string | undefined;
        try {
          why = misfit(value, field.numeric);
        } catch (e) {
          why = (e as Error).message;
        }
        facts.amounts.push({ key, label, value: text, limit: field.numericText!, fits: why === undefined, misfit: why ?? null });
        continue;
      }
      const plain = /^[\t\x20-\x7e]*$/.test(text);
      if (field.maxLength !== undefined) {
        const size = plain ? text.length : [...text].length;
        facts.lengths.push({ key, label, value: text, size, limit: `${field.maxLength} characters`, tooLong: size > field.maxLength });
      }
      facts.texts.push({ key, label, value: text, limit: encoding, unencodable: plain ? null : (reference.unencodable(text, encoding) ?? null), lineBreak: plain ? null : (reference.lineBreak(text) ?? null) });
    }
  },
  formatRecord(cells: FieldCell[]): string {
    return cells
      .map(({ field, value }) => {
        const blank = value === null || value === undefined || value === '';
        if (field.type === 'number') return blank ? '' : formatFixed(value, field.numeric!);
        const text = blank ? '' : field.type === 'date' ? reference.formatDate(String(value), field.dateFormat!) : String(value);
        return `"${text.replace(/"/g, '""')}"`;
      })
      .join(',');
  },
  formatDate(iso: string, format: string): string {
    const [y, m, d] = iso.split('-');
    return format.replace('YYYY', y).replace('YY', y.slice(2)).replace('MM', m).replace('DD', d);
  },
  unencodable(text: string, encoding: string): string | undefined {
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (LINE_BREAKS.has(code)) continue;
      if ((code < 0x20 && code !== 0x09) || code === 0x7f) return describeCharacter(ch);
      if (encoding === 'utf-8') {
        if (code >= 0xd800 && code <= 0xdfff) return describeCharacter(ch);
      } else if (cp1252Byte(code) === undefined) return describeCharacter(ch);
    }
    return undefined;
  },
  lineBreak(text: string): string | undefined {
    for (const ch of text) if (LINE_BREAKS.has(ch.codePointAt(0)!)) return describeCharacter(ch);
    return undefined;
  },
  encodeLine(text: string, encoding: string): Buffer {
    if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
    if (/^[\x00-\x7f]*$/.test(text)) return Buffer.from(text, 'latin1');
    const out = Buffer.allocUnsafe(text.length);
    let n = 0;
    for (const ch of text) {
      const b = cp1252Byte(ch.codePointAt(0)!);
      if (b === undefined) throw new Error(`internal: ${describeCharacter(ch)} reached the ${encoding} encoder`);
      out[n++] = b;
    }
    return out.subarray(0, n);
  },
};

const LINE_BREAKS = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88,
  0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93,
  0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b,
  0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};
const cp1252Byte = (code: number): number | undefined => (code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : CP1252_HIGH[code]);

/** The result or the error message, so a throw is compared like a value. */
function outcome<T>(f: () => T): T | { threw: string } {
  try {
    return f();
  } catch (e) {
    return { threw: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

// ---- generated values ----

type Random = () => number;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const digits = (r: Random, n: number) => Array.from({ length: n }, () => String(int(r, 0, 9))).join('');

const PIECES = [
  'Item 1, level 2', 'Patch "B" walls', 'a,b', '"', '""', ' ', '\t', 'x'.repeat(40), 'Café', 'Ñandú', 'Müller', 'ÿ', '\u00a0', '€', '—', '“quoted”',
  'Š', 'Ÿ', '™', 'Ω', '中', '😀', '\ud800', '\udc00', '\udbff\udfff', '\x81', '\x85', '\x9d', '\x00', '\x1f', '\x7f', '\n', '\r\n', '\r', '\u2028',
  '\u2029', '$&', '$1', 'YYYY', 'MM', '-', '.', '0', '5437.50',
];

function text(r: Random): string {
  if (r() < 0.4) {
    // printable ASCII, the usual value; sometimes longer than any field
    const n = r() < 0.15 ? int(r, 13, 40) : int(r, 1, 12);
    return Array.from({ length: n }, () => String.fromCharCode(int(r, 0x20, 0x7e))).join('');
  }
  return Array.from({ length: int(r, 1, 4) }, () => pick(r, PIECES)).join('');
}

function amount(r: Random): unknown {
  const roll = r();
  if (roll < 0.8) {
    const sign = r() < 0.25 ? '-' : '';
    const lead = r() < 0.1 ? '0'.repeat(int(r, 1, 3)) : '';
    const whole = r() < 0.2 ? '0' : String(int(r, 1, 9)) + digits(r, int(r, 0, 15));
    const fraction = r() < 0.2 ? '' : '.' + digits(r, int(r, 1, 7)) + (r() < 0.3 ? '0'.repeat(int(r, 1, 3)) : '');
    return sign + lead + whole + fraction;
  }
  if (roll < 0.9) return pick(r, ['0', '-0', '0.00', '-0.00', '-0.000', '0.5', '-0.5', '99999.995', '1000000000', '-999999999.99', '100.00', '1.10', '00.10', '000', '-000.000100']);
  if (roll < 0.95) return pick(r, ['', '1e3', '12,34', 'abc', ' 1', '1.', '.5', '--1', '+1', '1.0000000', '1234567890123456', '٣', '1\n']);
  return pick(r, [null, undefined, 0, 7, -12, 2 ** 53, 12.5, NaN, true, {}, []]);
}

function date(r: Random): unknown {
  const roll = r();
  if (roll < 0.7) return `${digits(r, 4)}-${digits(r, 2)}-${digits(r, 2)}`;
  return pick(r, ['2026-10-31', '2026-1-5', '20261031', '2026/10/31', '$&-01-02', 'YYYY-MM-DD', '2026-10-31T00:00', '2026-10', '-', '', null, undefined, 20261031, '２０２６-10-31']);
}

const valueOf = (r: Random, field: LayoutField): unknown => {
  if (r() < 0.08 || (field.format === 'x' && r() < 0.8)) return pick(r, [null, undefined, '']);
  if (field.type === 'number') return amount(r);
  if (field.type === 'date') return r() < 0.85 ? date(r) : text(r);
  return r() < 0.9 ? text(r) : pick(r, [12, 0, true, 3.5]);
};

// ---- layouts: the pack's own, and one with every kind of field ----

const pack = requirePack('rules');
const defaults = new Map([...pack.settings].map(([k, s]) => [k, (s as { default?: unknown }).default]));

const f = (name: string, type: LayoutField['type'], rest: Partial<LayoutField> = {}): LayoutField => ({ name, type, value: name, required: false, confirmed: false, ...rest });
const synthetic: ImportLayout = {
  name: 'synthetic',
  file: 'synthetic.yaml',
  lineEnd: '\n',
  yaml: pack.layout!.yaml,
  records: {
    invoice: {
      id: 'HDR',
      level: 'header',
      fields: [
        f('Kind', 'text', { value: undefined, constant: 'HD"R' }),
        f('Fixed', 'number', { value: undefined, constant: '12.5', format: '-5.2' }),
        f('Vendor', 'text', { length: { setting: 'sage.vendorIdLength' }, required: true }),
        f('Note', 'text'),
        f('Amount', 'number', { format: '-9.2', required: true }),
        f('Count', 'number', { format: '5.0' }),
        f('Rate', 'number', { format: '2.6' }),
        f('Wide', 'number', { format: '-16.9' }),
        f('Bad format', 'number', { format: 'x', required: true }),
        f('Dated', 'date', { required: true }),
        f('US', 'date', { format: 'MM/DD/YY' }),
        f('EU', 'date', { format: 'DD/MM/YYYY' }),
        f('ISO', 'date', { format: 'YYYY-MM-DD' }),
        f('Odd', 'date', { format: 'YYYYY.MMM DD$&YY' }),
        f('Control', 'date', { format: 'DD\x01MM' }),
      ],
    },
    distribution: {
      id: 'DST',
      level: 'distribution',
      fields: [
        f('Kind', 'text', { value: undefined, constant: 'DST' }),
        f('Code', 'text', { length: 3, required: true }),
        f('Description', 'text', { length: 30 }),
        f('Amount', 'number', { format: '9.2', required: true }),
        f('Retainage', 'number', { format: '-1.0' }),
        f('Dated', 'date', { format: 'DD/MM/YYYY' }),
        f('Missing', 'text', { value: undefined }),
      ],
    },
  },
};

const layouts = [
  { name: 'the pack layout, windows-1252', resolved: resolveLayout(pack.layout!, defaults) },
  { name: 'the pack layout, utf-8, YYYY-MM-DD', resolved: resolveLayout(pack.layout!, new Map([...defaults, ['sage.importEncoding', 'utf-8'], ['sage.dateFormat', 'YYYY-MM-DD']])) },
  { name: 'every kind of field, windows-1252', resolved: resolveLayout(synthetic, defaults) },
  { name: 'every kind of field, utf-8', resolved: resolveLayout(synthetic, new Map([...defaults, ['sage.importEncoding', 'utf-8'], ['sage.vendorIdLength', 4]])) },
  // Not a known encoding: unencodable and encodeLine treat it as windows-1252.
  { name: 'every kind of field, latin1', resolved: resolveLayout(synthetic, new Map([...defaults, ['sage.importEncoding', 'latin1']])) },
];

const emptyFacts = (): ImportFacts => ({ lengths: [], amounts: [], texts: [], required: [], dates: [] });

// ---- the comparison ----

describe('quick paths give what the plain implementation gives', () => {
  for (const { name, resolved } of layouts) {
    test(name, () => {
      const r = prng(0x1a7 + name.length);
      const records = [resolved.layout.records.invoice, resolved.layout.records.distribution];
      const fieldsOf = [resolved.invoice, resolved.distribution];
      // What the values reached, so the comparison cannot pass by exercising nothing.
      const seen = { lines: 0, formatted: 0, misfits: new Set<string>(), tooLong: 0, unencodable: 0, lineBreaks: 0 };
      for (let invoice = 0; invoice < 400; invoice++) {
        const want = emptyFacts();
        const got = emptyFacts();
        const lineCount = int(r, 1, 6);
        for (let n = 0; n <= lineCount; n++) {
          const which = n === 0 ? 0 : 1;
          const fields = fieldsOf[which];
          const values = Object.fromEntries(fields.filter((x) => x.value !== undefined).map((x) => [x.value!, valueOf(r, x)]));
          // Lines numbered as invoices number them, and now and then as nobody does (0, fractions, past the cache).
          const line = which === 0 ? null : r() < 0.9 ? n : pick(r, [0, 1.5, 1001, 5000, -1]);
          const id = r() < 0.95 ? records[which].id : 'OTHER';
          reference.describeRecord(id, line, reference.recordCells(fields, values), resolved.encoding, want);
          describeRecord(id, line, recordCells(fields, values), resolved.encoding, got);

          const wantLine = outcome(() => reference.formatRecord(reference.recordCells(fields, values)));
          const gotLine = outcome(() => formatRecord(recordCells(fields, values)));
          expect(gotLine).toEqual(wantLine);
          seen.lines++;
          if (typeof wantLine === 'string') {
            seen.formatted++;
            const eol = resolved.layout.lineEnd;
            expect(outcome(() => encodeLine(wantLine + eol, resolved.encoding))).toEqual(outcome(() => reference.encodeLine(wantLine + eol, resolved.encoding)));
          }
        }
        // Same content and the same key order in every object.
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
        expect(got).toEqual(want);
        for (const a of want.amounts) if (a.misfit) seen.misfits.add(a.misfit.replace(/^".*" is not/, 'is not'));
        seen.tooLong += want.lengths.filter((l) => l.tooLong).length;
        seen.unencodable += want.texts.filter((t) => t.unencodable).length;
        seen.lineBreaks += want.texts.filter((t) => t.lineBreak).length;
      }
      expect(seen.formatted).toBeGreaterThan(seen.lines * 0.4);
      expect(seen.misfits.size).toBeGreaterThanOrEqual(4);
      expect(Math.min(seen.tooLong, seen.unencodable, seen.lineBreaks)).toBeGreaterThan(20);
    });
  }

  test('fields made by hand, never resolved, compile on first use', () => {
    const fields: ResolvedField[] = [
      { ...f('Amount', 'number', { format: '-9.2', required: true }), numeric: { signed: true, integers: 9, decimals: 2 }, numericText: '-9.2' },
      { ...f('Name', 'text', { length: 5 }), maxLength: 5 },
      { ...f('On', 'date'), dateFormat: 'MM/DD/YYYY' },
    ];
    const r = prng(7);
    for (let i = 0; i < 300; i++) {
      const values = { Amount: amount(r), Name: text(r), On: date(r) };
      const want = emptyFacts();
      const got = emptyFacts();
      reference.describeRecord('X', i % 3 === 0 ? null : i, reference.recordCells(fields, values), 'windows-1252', want);
      describeRecord('X', i % 3 === 0 ? null : i, recordCells(fields, values), 'windows-1252', got);
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      expect(outcome(() => formatRecord(recordCells(fields, values)))).toEqual(outcome(() => reference.formatRecord(reference.recordCells(fields, values))));
    }
  });

  test('a constant that does not format fails where the line is formatted, as before', () => {
    const broken = { ...synthetic, records: { invoice: { id: 'B', level: 'header' as const, fields: [f('Fixed', 'number', { value: undefined, constant: 'twelve', format: '5.0' })] }, distribution: synthetic.records.distribution } };
    const [field] = resolveLayout(broken, defaults).invoice;
    const want = outcome(() => reference.formatRecord(reference.recordCells([field], {})));
    expect(want).toEqual({ threw: expect.stringContaining('is not an amount') });
    expect(outcome(() => formatRecord(recordCells([field], {})))).toEqual(want);
  });

  test('texts: unencodable, lineBreak and encodeLine, character by character', () => {
    const r = prng(11);
    const samples = [...PIECES, ...Array.from({ length: 3000 }, () => text(r))];
    // Every character of the first plane, alone and after ASCII.
    for (let code = 0; code <= 0xffff; code += code < 0x300 ? 1 : 37) samples.push(String.fromCharCode(code), `ab${String.fromCharCode(code)}c`);
    for (const sample of samples) {
      for (const encoding of ['windows-1252', 'utf-8', 'latin1']) {
        expect(unencodable(sample, encoding)).toBe(reference.unencodable(sample, encoding));
        expect(outcome(() => encodeLine(sample, encoding))).toEqual(outcome(() => reference.encodeLine(sample, encoding)));
      }
      expect(lineBreak(sample)).toBe(reference.lineBreak(sample));
    }
  });

  test('dates: formatDate is unchanged and the compiled formats agree with it', () => {
    const r = prng(13);
    const formats = ['MM/DD/YYYY', 'MM/DD/YY', 'DD/MM/YYYY', 'YYYY-MM-DD', 'YYYYY.MMM DD$&YY', 'YY', '', 'DDMMYYYY'];
    for (let i = 0; i < 2000; i++) {
      const iso = date(r);
      if (typeof iso !== 'string') continue;
      const format = pick(r, formats);
      expect(formatDate(iso, format)).toBe(reference.formatDate(iso, format));
      const [field] = resolveLayout({ ...synthetic, records: { invoice: { id: 'D', level: 'header', fields: [f('On', 'date', { format })] }, distribution: synthetic.records.distribution } }, defaults).invoice;
      expect(formatRecord(recordCells([field], { On: iso }))).toBe(reference.formatRecord(reference.recordCells([field], { On: iso })));
    }
  });
});
