// A position inside a text value (a mistake inside a template) is found in the file, whatever the scalar's style.
import { describe, expect, test } from 'vitest';
import { locateInString, parseYaml } from '../../src/yaml/source.ts';

/** Where `needle` in the value at /v is reported, as line:column. */
function at(text: string, needle: string): string | undefined {
  const source = parseYaml(text, 'f.yaml', 'a test file');
  const value = (source.data as { v: string }).v;
  const offset = value.indexOf(needle);
  expect(offset, `${needle} in ${JSON.stringify(value)}`).toBeGreaterThanOrEqual(0);
  const location = locateInString(source, '/v', offset);
  return location && `${location.line}:${location.column}`;
}

describe('locateInString', () => {
  test('plain, quoted and block scalars, over several lines', () => {
    expect(at('a: 1\nv: plain {{x.y}} text\n', 'y}}')).toBe('2:14');
    expect(at('v: plain text that\n  goes on {{x.y}}\n', 'y}}')).toBe('2:15');
    expect(at('v: "quoted {{x}}"\n', 'x}}')).toBe('1:14');
    expect(at("v: 'single {{x}}'\n", 'x}}')).toBe('1:14');
    expect(at('v: |\n  first\n    {{x}} indented\n', 'x}}')).toBe('3:7');
    expect(at('v: >-\n  folded\n  over {{x}}\n\n  and a paragraph {{y}}\n', 'y}}')).toBe('5:21');
    expect(at('v: |-  # a comment\n  {{x}}\n', 'x}}')).toBe('2:5');
  });

  test("unknown when the value's text is not the source's before that point (escapes), or it is not text", () => {
    expect(at('v: "an \\"escape\\" {{x}}"\n', 'x}}')).toBeUndefined();
    expect(at('v: "{{x}} before an \\"escape\\""\n', 'x}}')).toBe('1:7');
    const source = parseYaml('v: 12\n', 'f.yaml', 'a test file');
    expect(locateInString(source, '/v', 0)).toBeUndefined();
    expect(locateInString(source, '/w', 0)).toBeUndefined();
  });
});
