// The HTML report without a browser: escaping, no way to reach the network, the optional export slot.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIDI, cli, CUSTOMER, GOLDEN, HOSTILE } from './helpers.ts';
import { formatHtml } from '../../src/report/html.ts';
import { isolatedProse, isolatedValues } from '../../src/report/html-text.ts';
import { readableDate } from '../../src/report/html-view.ts';
import type { Report } from '../../src/engine/report.ts';

const customerReport = JSON.parse(readFileSync(`${GOLDEN}/customer.json.json`, 'utf8')) as Report;

describe('HTML report', () => {
  test('every value from snapshot, config and rule is escaped: no element comes from data', async () => {
    const html = (await cli(['check', ...HOSTILE, '--format', 'html'])).stdout;
    const tags = new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase()));
    // Only the template's own elements: data never adds img, script, b, i or anything else.
    expect([...tags].sort()).toEqual(
      ['a', 'article', 'bdi', 'body', 'br', 'caption', 'circle', 'code', 'col', 'colgroup', 'dd', 'details', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'head', 'header', 'html', 'li', 'main', 'meta', 'ol', 'p', 'path', 'rect', 'section', 'span', 'strong', 'style', 'summary', 'svg', 'symbol', 'table', 'tbody', 'td', 'text', 'th', 'thead', 'title', 'tr', 'use'].sort(),
    );
    expect(html).toContain('<h1><bdi>&lt;img src&#x3D;x onerror&#x3D;alert(&#x27;customer&#x27;)&gt;</bdi></h1>');
    expect(html).toContain('Vendor &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; is not synced');
    expect(html).toContain('&lt;script&gt;alert(&#39;script&#39;)&lt;/script&gt;');
    expect(html).not.toContain('javascript:alert(&#39;link&#39;)"');
  });

  test('no bidi control reaches the page, title included; names in a sentence are isolated one by one', async () => {
    const html = (await cli(['check', ...BIDI, '--format', 'html'])).stdout;
    expect(html).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(html).toContain('<title>\\u202eredaeh ruof Builders: readiness');
    expect(html).toContain('Not synced: <bdi>شركة النور للمقاولات</bdi>, <bdi>חברת אור בנייה</bdi>, Evil \\u202etxt.exe Supply,');
    expect(html).toContain('by <bdi>דנה כהן</bdi>');
  });

  test('prose isolates each right-to-left run, marks included; bdi isolates each value of a list', () => {
    // A vowel mark ends the Arabic run; an accent on a Latin letter stays with it; & is escaped outside and inside.
    expect(String(isolatedProse('Vendors: مُحَمَّدٌ, Cafe\u0301 & שלום & אור.'))).toBe('Vendors: <bdi>مُحَمَّدٌ</bdi>, Cafe\u0301 &amp; <bdi>שלום &amp; אור</bdi>.');
    expect(String(isolatedValues(['a<b', 'שלום']))).toBe('<bdi>a&lt;b</bdi>, <bdi>שלום</bdi>');
    expect(String(isolatedValues('Acme'))).toBe('<bdi>Acme</bdi>');
  });

  test('nothing in the page can load from elsewhere: no src, no stylesheet link, no url(), and a CSP that forbids it', async () => {
    const html = (await cli(['check', ...HOSTILE, '--format', 'html'])).stdout;
    for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) expect(tag).not.toMatch(/\s(src|srcset|poster|data|action|formaction|background)\s*=/i);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;`);
    // Links are in-page anchors, or a remediation's https link that a person may click.
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^#[\w-]+$|^https:\/\//);
  });

  test('the export summary slot is empty until the export fills it, and then escaped like the rest', () => {
    expect(formatHtml(customerReport)).not.toContain('id="export-summary"');
    const html = formatHtml(customerReport, {
      exportSummary: { title: 'Dry run <b>1</b>', rows: [{ label: 'Invoices read', value: '14' }], rejections: [{ invoice: 'V-1/<i>9</i>', reason: 'Description longer than 30' }], notes: ['Totals reconcile & match.'] },
    });
    expect(html).toContain('id="export-summary"');
    expect(html).toContain('Dry run &lt;b&gt;1&lt;/b&gt;');
    expect(html).toContain('<th scope="row">Invoices read</th><td>14</td>');
    expect(html).toContain('V-1/&lt;i&gt;9&lt;/i&gt;');
    expect(html).toContain('Totals reconcile &amp; match.');
  });

  test('the verdict, as-of date and capture time read as words, the same on every machine', () => {
    const html = formatHtml(customerReport);
    expect(html).toContain('<strong class="verdict-word">Not ready</strong><span class="verdict-detail">2 blockers to clear before the first export</span>');
    expect(html).toContain('<div><dt>As of</dt><dd>20 November 2026</dd></div>');
    expect(html).toContain('3 October 2026, 08:00 UTC');
    expect(readableDate('2026-02-30T23:59:59+05:30')).toBe('30 February 2026, 23:59 UTC+05:30');
    expect(readableDate('not a date')).toBe('not a date');
  });

  test('a ready customer is told so, and why nothing is listed under blockers', async () => {
    const html = readFileSync(`${GOLDEN}/ready.html.html`, 'utf8');
    expect(html).toContain('<strong class="verdict-word">Ready</strong><span class="verdict-detail">nothing blocks the export</span>');
    expect(html).toContain('Nothing blocks the export.');
  });

  test('the changes section appears only with a baseline', async () => {
    expect((await cli(['check', ...CUSTOMER, '--format', 'html'])).stdout).not.toContain('id="changes"');
    const html = (await cli(['check', ...CUSTOMER, '--format', 'html', '--baseline', `${GOLDEN}/mixed.json.json`, '--allow-other-customer'])).stdout;
    expect(html).toContain('id="changes"');
    expect(html).toContain('0 new, 3 fixed, 2 still failing, 1 now waived, 0 changed values, 0 no longer reported.');
  });

  test('npm start writes reports/readiness.html beside the JSON and prints its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-demo-html-'));
    const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/preflight.js'), 'demo'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Wrote reports/readiness.html (open it in a browser)');
    const html = readFileSync(join(dir, 'reports/readiness.html'), 'utf8');
    expect(html).toContain('<h1><bdi>Harbor Point Builders</bdi></h1>');
    expect(html).toContain('<strong class="verdict-word">Not ready</strong>');
  });
});
