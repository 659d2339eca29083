// Message templates against what they can see: helpers, partials, decorators, and every name through the scopes
// Handlebars opens. Each mistake is reported with its code and its offset in the template text.
import { describe, expect, test } from 'vitest';
import { requirePack } from '../../src/pack/load.ts';
import { parseTemplate } from '../../src/pack/template.ts';
import { checkTemplate, MESSAGE_HELPER_NAMES } from '../../src/pack/template-check.ts';
import { packTemplateScope, ruleTemplateView, type TemplateRule } from '../../src/pack/template-scope.ts';
import { REGISTERED_HELPERS } from '../../src/pack/template.ts';

const pack = requirePack('rules');
const SCOPE = packTemplateScope(pack.settings, pack.mapping);
const SNAPSHOT: TemplateRule = { scope: 'snapshot' };

/** The problems of `text` in a rule like `rule`: code, the text at the offset they point at, and the message. */
function problems(text: string, rule: TemplateRule = SNAPSHOT) {
  return checkTemplate(parseTemplate(text), text, ruleTemplateView(rule, SCOPE)).map((p) => ({ code: p.code, at: text.slice(p.offset), message: p.message }));
}

describe('what a template may call', () => {
  test('an unknown helper is refused at its name', () => {
    const [p] = problems('Client {{nohelper hh2.client.version}}.');
    expect(p).toMatchObject({ code: 'unknown-helper', at: 'nohelper hh2.client.version}}.' });
    expect(p.message).toBe('unknown helper "nohelper"; messages may call each, if, json, lookup, or, setting, unless, with');
    expect(problems('{{json (nohelper 1)}} {{#nohelper 1}}x{{/nohelper}} {{jsn hh2}}').map((x) => x.code)).toEqual(['unknown-helper', 'unknown-helper', 'unknown-helper']);
    expect(problems('{{jsn hh2}}')[0].message).toContain('did you mean "json"?');
  });

  test('partials, partial blocks and decorators are refused', () => {
    expect(problems('See {{> partial}} here')).toEqual([{ code: 'template-partial', at: '{{> partial}} here', message: '{{> partial}}: partials are not available in messages; write the text into the template itself' }]);
    expect(problems('{{#> layout}}x{{/layout}}').map((x) => x.code)).toEqual(['template-partial']);
    expect(problems('{{* decorator}}{{#* inline "p"}}x{{/inline}}').map((x) => x.code)).toEqual(['template-decorator', 'template-decorator']);
  });

  test("Handlebars' own helpers that messages may not use, and helpers used the wrong way", () => {
    expect(problems('{{log hh2}}')[0].message).toMatch(/^helper "log" is not available in messages/);
    expect(problems('{{helperMissing}}{{blockHelperMissing 1}}').map((x) => x.code)).toEqual(['unknown-helper', 'unknown-helper']);
    expect(problems('{{if hh2}} {{#json hh2}}x{{/json}} {{#each}}x{{/each}} {{or hh2}} {{lookup hh2}} {{#each hh2 x=1}}{{/each}}').map((x) => [x.code, x.at.slice(0, 6)])).toEqual([
      ['helper-use', 'if hh2'],
      ['helper-use', 'json h'],
      ['helper-arity', 'each}}'],
      ['helper-arity', 'or hh2'],
      ['helper-arity', 'lookup'],
      ['helper-use', 'x=1}}{'],
    ]);
  });

  test("names every object has are names like any other", () => {
    expect(problems('{{constructor}} {{toString 1}} {{#__proto__}}x{{/__proto__}} {{hh2.constructor}}').map((x) => [x.code, x.at.slice(0, 8)])).toEqual([
      ['unknown-name', 'construc'],
      ['unknown-helper', 'toString'],
      ['unknown-name', '__proto_'],
      ['unknown-name', 'construc'],
    ]);
  });

  test('the helpers messages may call are all registered with the renderer', () => {
    for (const name of MESSAGE_HELPER_NAMES) expect(REGISTERED_HELPERS).toContain(name);
  });
});

describe('what a template may read', () => {
  test('a misspelt fact is refused at the misspelt part, with the closest name', () => {
    const [p] = problems('Version {{hh2.client.verion}} is old');
    expect(p).toMatchObject({ code: 'unknown-name', at: 'verion}} is old' });
    expect(p.message).toBe('unknown name "hh2.client.verion": hh2.client has no "verion"; did you mean "hh2.client.version"?');
    expect(problems('{{hhh2.client.version}}')[0].message).toContain('did you mean "hh2.client.version"?');
    expect(problems('{{hh2.client.version.major}}')[0].message).toBe('unknown name "hh2.client.version.major": hh2.client.version is text, so it has no "major"');
    expect(problems('{{sage.apInvoices.vendor}}')[0].message).toContain('sage.apInvoices is a list');
  });

  test('item, values and invoice exist only for the rules that have them', () => {
    expect(problems('{{item.x}}')).toEqual([{ code: 'unknown-name', at: 'item.x}}', message: 'unknown name "item.x": only a rule with `each` has an item, and this rule has none' }]);
    expect(problems('{{values.total}}')[0].message).toBe('unknown name "values.total": the rule declares no `values`');
    expect(problems('{{invoice.id}}')[0].message).toBe('unknown name "invoice.id": only an invoice rule (scope: invoice) sees it');
    expect(problems('{{values.totl}}', { scope: 'snapshot', values: { total: 1 } })[0].message).toContain('did you mean "values.total"?');
  });

  test("an item has its list's declared shape; a computed list's items are not checked", () => {
    const users: TemplateRule = { scope: 'snapshot', each: { filter: [{ values: { var: 'procore.users' } }, true] } };
    expect(problems('{{item.name}} {{item.email}} {{itemKey}}', users)).toEqual([]);
    expect(problems('{{item.nmae}}', users)[0].message).toContain('did you mean "item.name"?');
    expect(problems('{{item}} {{item.length}}', { scope: 'snapshot', each: { setting: 'hh2.requiredAdvancedMappings' } })).toEqual([]);
    expect(problems('{{item.anything.at.all}}', { scope: 'snapshot', each: { map: [{ var: 'procore.users' }, { var: 'name' }] } })).toEqual([]);
  });

  test('an invoice rule sees the invoice, the mapping and the import and export facts', () => {
    const lines: TemplateRule = { scope: 'invoice', each: { var: 'payload.lines' } };
    expect(problems('{{invoice.invoice_number}} {{item.line}} {{item.job}} {{item.procore.cost_code_id}} {{payload.totals.gap}} {{computed.retainageReleased}} {{export.previousExport.sameContent}} {{import.lengths.0.limit}}', lines)).toEqual([]);
    expect(problems('{{invoice.invoice_numbr}} {{item.jb}} {{payload.header.vendr}}', lines).map((p) => p.message.split('; ')[1])).toEqual([
      'did you mean "invoice.invoice_number"?',
      'did you mean "item.job"?',
      'did you mean "payload.header.vendor"?',
    ]);
  });

  test('settings: the setting helper checks the name; settings.a.b is pointed to it', () => {
    expect(problems('{{setting "hh2.minimumClientVersion"}} {{settings.[hh2.minimumClientVersion]}}')).toEqual([]);
    expect(problems('{{setting "hh2.minimumClientVersio"}}')).toMatchObject([{ code: 'unknown-setting', message: 'unknown setting "hh2.minimumClientVersio"; did you mean "hh2.minimumClientVersion"?' }]);
    expect(problems('{{settings.hh2.minimumClientVersion}}')[0].message).toBe('unknown name "settings.hh2.minimumClientVersion": a setting\'s name has dots in it: write {{setting "hh2.minimumClientVersion"}}');
  });
});

describe('the scopes Handlebars opens', () => {
  test('#each, @index, @key, @first, @last, this, ../, lookup, #with, block parameters and @root pass', () => {
    const valid = [
      '{{#each procore.users}}{{@index}}. {{name}} ({{this.email}}, {{@key}}){{#if @first}} first{{/if}}{{#unless @last}}, {{/unless}}{{../procore.company.name}}{{else}}none{{/each}}',
      '{{#each (setting "procore.approverErpPermissions")}}"{{this}}"{{#unless @last}} or {{/unless}}{{/each}}',
      '{{#with (lookup procore.users survey.setupUser.procoreUserId)}}{{name}} {{#if isAdmin}}admin{{/if}}{{else}}{{survey.setupUser.procoreUserId}}{{/with}}',
      '{{#each procore.users as |user id|}}{{id}}: {{user.name}} {{#each ../procore.vendors}}{{@../index}} {{../../hh2.client.version}}{{/each}}{{/each}}',
      '{{lookup procore.users "81002"}} {{json (lookup hh2.advancedMappings "Invoice (AP)")}} {{or hh2.client.version "none"}} {{@root.hh2.client.version}}',
      '{{#procore.company}}{{name}}{{/procore.company}}{{#procore.users}}{{email}}{{/procore.users}}{{^hh2.client}}no client{{/hh2.client}}',
      '{{#if hh2.client.version}}{{hh2.client.version}}{{else if procore.company.name}}{{procore.company.name}}{{else}}nothing{{/if}} {{!-- a comment --}}',
      '{{#each sage.apInvoices}}{{vendor}}/{{invoice}} of {{../sage.apInvoices.length}}{{/each}} {{procore.users.length}}',
    ];
    for (const text of valid) expect(problems(text), text).toEqual([]);
  });

  test('what each scope does not have is refused', () => {
    expect(problems('{{#each procore.users}}{{nmae}}{{/each}}')[0].message).toBe('unknown name "nmae": an item of procore.users has no "nmae"; did you mean "name"?');
    expect(problems('{{#each procore.users as |u|}}{{u.nme}}{{/each}}')[0]).toMatchObject({ at: 'nme}}{{/each}}', message: 'unknown name "u.nme": an item of procore.users has no "nme"; did you mean "u.name"?' });
    expect(problems('{{#with procore.company}}{{nme}}{{/with}}')[0].message).toContain('procore.company has no "nme"; did you mean "name"?');
    expect(problems('{{@index}}')).toMatchObject([{ code: 'template-scope', message: '"@index" is set only inside {{#each}}' }]);
    expect(problems('{{#if hh2}}{{../hh2}}{{/if}}')).toMatchObject([{ code: 'template-scope', at: '../hh2}}{{/if}}' }]);
    expect(problems('{{#each procore.users}}{{@../index}}{{/each}}')).toMatchObject([{ code: 'template-scope' }]);
    expect(problems('{{#each hh2.client.version}}x{{/each}}')).toMatchObject([{ code: 'template-scope', message: '{{#each}} over hh2.client.version, which is text: it repeats nothing' }]);
    expect(problems('{{@idx}}')[0].message).toContain('did you mean "@index"?');
    expect(problems('{{lookup procore.company "nmae"}}')[0]).toMatchObject({ at: '"nmae"}}', message: 'unknown name "nmae": procore.company has no "nmae"; did you mean "name"?' });
  });

  test('a mistake on a later line is found at its offset', () => {
    const text = 'First line\n  {{#each procore.users}}\n    {{../hh2.clent.version}}{{/each}}';
    expect(problems(text)).toMatchObject([{ code: 'unknown-name', at: 'clent.version}}{{/each}}' }]);
  });
});
