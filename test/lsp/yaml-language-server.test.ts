// The published schemas in VS Code: the Red Hat YAML extension's own server, driven over stdio with the
// workspace settings of .vscode/settings.json, completes, flags and explains configs, snapshots and rules.
// It works on copies in a temporary workspace, so nothing in the repository is touched.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LspClient, positionOf, settingsSection } from './client.ts';
import { ROOT } from '../cli/spawn.ts';
import { requirePack } from '../../src/pack/load.ts';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-protocol';

const pack = requirePack(join(ROOT, 'rules'));
const ruleIds = pack.rules.map((r) => r.id).sort();
const TOP_LEVEL = ['customer', 'extends', 'snapshot', 'settings', 'rules', 'waivers'];
const ENTITIES = pack.settings.get('hh2.requiredAdvancedMappings')!.default as string[];

/** The repository's workspace settings, as VS Code reads them; the schema store is off (tests use no network). */
const settings = { ...JSON.parse(readFileSync(join(ROOT, '.vscode/settings.json'), 'utf8')), 'yaml.schemaStore.enable': false };

let workspace = '';
let client: LspClient;

/** A repository file's text, and where its copy goes in the temporary workspace. */
const repoText = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const inWorkspace = (file: string) => join(workspace, file);

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'preflight-lsp-'));
  cpSync(join(ROOT, 'schemas'), inWorkspace('schemas'), { recursive: true });
  for (const dir of ['.vscode', 'config', 'fixtures/snapshots', 'rules/readiness']) mkdirSync(inWorkspace(dir), { recursive: true });
  cpSync(join(ROOT, '.vscode/settings.json'), inWorkspace('.vscode/settings.json'));
  client = await LspClient.start({
    command: [process.execPath, join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    workspace,
    settings,
  });
  const pulled = await client.settingsPulled();
  expect(pulled.flat().map((i) => i.section)).toContain('yaml');
});

afterAll(async () => {
  await client?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** Opens `text` as the workspace file `file` and waits for the server's diagnostics of it. */
async function openDoc(file: string, text: string) {
  mkdirSync(dirname(inWorkspace(file)), { recursive: true });
  const uri = await client.open(inWorkspace(file), text);
  const diagnostics = await client.diagnostics(uri);
  return { uri, diagnostics };
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();
const hoverText = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

describe('yaml-language-server with the workspace settings', () => {
  test('the client hands out VS Code sections: dotted keys nested, language blocks as written', () => {
    expect(settingsSection({ 'yaml.schemas': { a: ['b'] }, 'yaml.schemaStore.enable': false, '[yaml]': { 'editor.tabSize': 2 } }, 'yaml')).toEqual({
      schemas: { a: ['b'] },
      schemaStore: { enable: false },
    });
    expect(settingsSection({ '[yaml]': { 'editor.tabSize': 2 } }, '[yaml]')).toEqual({ 'editor.tabSize': 2 });
    expect(settingsSection({}, 'http')).toEqual({});
  });

  test('a customer config as committed has no problems', async () => {
    const { diagnostics } = await openDoc('config/demo-harbor-point.yaml', repoText('config/demo-harbor-point.yaml'));
    expect(diagnostics).toEqual([]);
  });

  test('completion offers every top-level key: the missing ones in a config, all six in a new file', async () => {
    const text = `${repoText('config/demo-harbor-point.yaml')}\n`;
    const existing = await openDoc('config/existing.yaml', text);
    expect(labels(await client.completion(existing.uri, { line: text.split('\n').length - 1, character: 0 }))).toEqual(['rules']);
    // A new file without a modeline: .vscode/settings.json maps config/**/*.yaml to the config schema.
    const fresh = await openDoc('config/new-customer.yaml', '\n');
    expect(labels(await client.completion(fresh.uri, { line: 0, character: 0 }))).toEqual([...TOP_LEVEL].sort());
  });

  test('completion under settings offers every setting of the pack not yet set', async () => {
    const text = 'settings:\n  sage.vendorIdLength: 8\n  \n';
    const { uri } = await openDoc('config/settings.yaml', text);
    const offered = labels(await client.completion(uri, { line: 2, character: 2 }));
    expect(offered).toEqual([...pack.settings.keys()].filter((s) => s !== 'sage.vendorIdLength').sort());
    expect(offered).toContain('procore.companyId');
    expect(offered).toContain('export.accountingDate');
  });

  test("completion of a waiver's rule offers every rule id; rules: offers them as keys", async () => {
    const text = 'rules:\n  \nwaivers:\n  - rule: \n';
    const { uri } = await openDoc('config/waiver.yaml', text);
    expect(labels(await client.completion(uri, positionOf(text, '- rule: ', '- rule: '.length)))).toEqual(ruleIds);
    expect(labels(await client.completion(uri, { line: 1, character: 2 }))).toEqual(ruleIds);
  });

  test('a misspelled rule id in a waiver gets a diagnostic at its line', async () => {
    const text = repoText('config/demo-harbor-point.yaml').replace('rule: hh2-platform-dotnet-framework', 'rule: hh2-platform-dotnet-framewrk');
    const { diagnostics } = await openDoc('config/misspelled.yaml', text);
    const at = positionOf(text, 'hh2-platform-dotnet-framewrk');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].range.start).toEqual(at);
    expect(diagnostics[0].message).toContain('hh2-platform-dotnet-framework');
  });

  test("hovering a setting shows the pack's description of it", async () => {
    const text = repoText('config/demo-harbor-point.yaml');
    const { uri } = await openDoc('config/hover.yaml', text);
    const setting = pack.settings.get('sage.vendorIdLength')!;
    expect(hoverText(await client.hover(uri, positionOf(text, 'sage.vendorIdLength', 3)))).toContain(setting.markdownDescription ?? setting.description);
  });

  test("a snapshot's hh2.advancedMappings completes the six entity names of the pack's setting", async () => {
    const file = 'fixtures/snapshots/ready-cedar-ridge.yaml';
    const { uri, diagnostics } = await openDoc(file, repoText(file));
    expect(diagnostics).toEqual([]);
    // Every fact explains itself on hover, down to a vendor's flags.
    expect(hoverText(await client.hover(uri, positionOf(repoText(file), 'synced_to_erp', 2)))).toContain('linked to its Sage vendor');
    const text = repoText(file).replace(/( {2}advancedMappings:\n)(?: {4}.*\n)+/, '$1    \n');
    await client.change(uri, text);
    await client.diagnostics(uri);
    const items = await client.completion(uri, positionOf(text, '  advancedMappings:\n    ', '  advancedMappings:\n    '.length));
    expect(labels(items)).toEqual([...ENTITIES].sort());
    expect(ENTITIES).toHaveLength(6);
  });

  test("a rule's requires completes the rule ids and flags an unknown one", async () => {
    const file = 'rules/readiness/erp-integrations-sage-300-cre.yaml';
    const { uri, diagnostics } = await openDoc(file, repoText(file));
    expect(diagnostics).toEqual([]);
    const misspelled = repoText(file).replace('requires: [erp-integrations-enabled]', 'requires: [erp-integrations-enabld]');
    await client.change(uri, misspelled);
    expect((await client.diagnostics(uri)).map((d) => d.range.start)).toEqual([positionOf(misspelled, 'erp-integrations-enabld')]);
    const blank = repoText(file).replace('requires: [erp-integrations-enabled]', 'requires:\n  - ');
    await client.change(uri, blank);
    await client.diagnostics(uri);
    expect(labels(await client.completion(uri, positionOf(blank, 'requires:\n  - ', 'requires:\n  - '.length)))).toEqual(ruleIds);
  });
});
