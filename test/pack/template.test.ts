// Templates that skip Handlebars' parser at load (plainlyValid) are exactly ones it accepts.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import Handlebars from 'handlebars';
import { parse } from 'yaml';
import { compileTemplate, plainlyValid } from '../../src/pack/template.ts';

const parses = (text: string) => {
  try {
    Handlebars.parse(text);
    return true;
  } catch {
    return false;
  }
};

const TEMPLATES = globSync(['rules/**/*.yaml', 'test/fixtures/pack/**/*.yaml'])
  .map((f) => parse(readFileSync(f, 'utf8')))
  .flatMap((r) => [r?.message, r?.passMessage])
  .filter((t): t is string => typeof t === 'string');

const TRICKY = ['{{a}', '{{a}}}', '{{{a}}', '{{ a }} {{', '{{else}}', '{{a b}}', '{{a "b}}', '{{a "b" c}}', '{{a..b}}', '{{.a}}', '{{a.}}', '{{a-b.c_d}}', '{{#if a}}x', '{{/if}}', '\\{{a}}', '{{a}}\\', '{{!-- c --}}', '{{> p}}', '{{a}}{{b}}', '{{ setting  "x y" }}', '{{a "}}"}}', '}}', '{{', '{ {a}}', '{{a}} }} {{b}}', '{{true}}', '{{null.a}}', '{{this}}', '{{a.[0]}}', '{{a/b}}', '{{@index}}', '{{a=b}}', '{{~a~}}', '{{&a}}', '{{^a}}'];

describe('plainlyValid', () => {
  test(`never claims a template Handlebars rejects (${TEMPLATES.length} pack templates and their edits)`, () => {
    let plain = 0;
    for (const base of [...TEMPLATES, ...TRICKY]) {
      for (const text of [base, base.slice(0, -1), base.slice(1), base.replace('}}', '}'), base.replace('{{', '{'), `${base}{{`, base.replace(/"/, '')]) {
        if (plainlyValid(text)) {
          plain++;
          expect(parses(text), text).toBe(true);
        }
      }
    }
    expect(plain).toBeGreaterThan(TEMPLATES.length); // it does serve the common case
  });

  test('a template with a syntax error is still reported', () => {
    expect(compileTemplate('{{a').problem?.message).toBeTruthy();
    expect(compileTemplate('{{#if a}}x').problem?.message).toBeTruthy();
    expect(compileTemplate('value {{a.b}} of {{setting "x"}}').problem).toBeUndefined();
  });
});
