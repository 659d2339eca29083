// The survey: generated from the pack, valid when blank, and once filled a valid snapshot.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePack } from '../../src/pack/load.ts';
import { renderSurvey, surveyFields, loadSurvey } from '../../src/snapshot/survey.ts';
import { parseYaml } from '../../src/yaml/source.ts';
import { validateSource } from '../../src/schema/validate.ts';
import { surveySchema } from '../../src/schema/survey.schema.ts';
import { snapshotSchema } from '../../src/schema/snapshot.schema.ts';
import { main } from '../../src/cli/main.ts';

const pack = requirePack('rules');

/** Fills every blank value of a rendered survey with a value of the type its comment asks for. */
function fill(text: string): string {
  return text.replace(/^([ \t]*)([^#\s][^:\n]*):([ \t]+)# (.*)$/gm, (_line, indent, key, _gap, comment: string) => {
    const oneOf = /One of: (.*)$/.exec(comment)?.[1].split(' | ')[0];
    const value =
      key === 'captured_at' ? '2026-11-20T10:00:00Z'
      : oneOf ? JSON.stringify(oneOf)
      : /true or false/.test(comment) ? 'true'
      : key === 'email' || /e-mail/.test(comment) ? '"someone@example.com"'
      : key === 'version' ? '"1.31.470.1"'
      : /YYYY-MM-DD/.test(comment) ? '"2026-11-02"'
      : '"filled"';
    return `${indent}${key}: ${value}`;
  });
}

describe('survey', () => {
  test('lists every fact the pack reads from the hh2, sage and survey sections, and no Procore API fact', async () => {
    const paths = surveyFields(pack).map((f) => f.path);
    const read = pack.rules.flatMap((r) => r.facts).filter((f) => /^(hh2|sage|survey)\./.test(f));
    for (const fact of read) expect(paths.some((p) => p === fact || p.startsWith(`${fact}.`)), fact).toBe(true);
    expect(paths.filter((p) => p.startsWith('procore.users') || p.startsWith('procore.vendors'))).toEqual([]);
  });

  test('asks for the hh2 best practices, each with how to collect it', () => {
    const fields = new Map(surveyFields(pack).map((f) => [f.path, f]));
    const practices = ['hh2.client.lastUpdated', 'hh2.service.runsAsLocalSystem', 'hh2.service.startupType', 'hh2.service.restartRoutineKnown', 'hh2.platform.antivirusExclusions'];
    for (const path of practices) expect(fields.get(path)?.collect, path).toMatch(/\S/);
    expect(fields.get('hh2.service.startupType')?.schema.enum).toEqual(['Automatic', 'Automatic (Delayed Start)', 'Manual', 'Disabled']);
  });

  test('asks for the Sage 300 CRE version, as text', () => {
    const version = surveyFields(pack).find((f) => f.path === 'sage.version');
    expect(version?.collect).toContain('Help → About');
    expect(version?.schema.type).toBe('string');
  });

  test('the blank survey is valid against the survey schema and says how to collect each fact', async () => {
    const text = renderSurvey(pack, '../schemas/survey.schema.json');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/survey.schema.json');
    expect(validateSource(surveySchema, parseYaml(text, 'survey.yaml', 'a survey'))).toEqual([]);
    expect(text).toContain('# How: ');
    expect(text).toContain('version:');
  });

  test('a filled survey is a valid snapshot, and its facts are read back', async () => {
    const filled = fill(renderSurvey(pack, 'x'));
    expect(filled).not.toMatch(/^[ \t]*[^#\s][^:\n]*:[ \t]+#/m);
    const source = parseYaml(filled, 'filled.yaml', 'a snapshot');
    expect(validateSource(snapshotSchema, source)).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'preflight-survey-'));
    writeFileSync(join(dir, 'filled.yaml'), filled);
    expect(loadSurvey(join(dir, 'filled.yaml'))).toEqual(source.data);
  });

  test('blank values are dropped when a survey is read, so they stay not recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-survey-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'meta:\n  customer: A\n  captured_at:\nhh2:\n  client:\n    version:\nsage:\n  ap:\n    invoiceSettings:\n      dateReceivedUsage: Required\n');
    expect(loadSurvey(file)).toEqual({ meta: { customer: 'A' }, sage: { ap: { invoiceSettings: { dateReceivedUsage: 'Required' } } } });
  });

  test('preflight survey --output writes the file with a modeline relative to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-survey-'));
    let stdout = '';
    const status = await main(['survey', '--output', join(dir, 'survey.yaml')], { stdout: (t) => (stdout += t), stderr: () => {}, env: {}, cwd: process.cwd(), isTTY: false });
    expect(status).toBe(0);
    const text = readFileSync(join(dir, 'survey.yaml'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/survey\.schema\.json$/);
    expect(stdout).toContain('survey.yaml');
  });
});
