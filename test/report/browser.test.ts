// The HTML report in a real browser: headless Chromium (found by test/chromium.ts), driven by playwright-core, on
// files on disk. Without a Chromium the suite is skipped, except in CI, where it fails. Screenshots and PDFs land
// in test-output/ (gitignored) for a person to look at.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { BIDI, cli, CUSTOMER, GOLDEN, HOSTILE, READY } from './helpers.ts';
import { findChromium } from '../chromium.ts';

const CHROMIUM = findChromium(process.env);
const OUT = resolve('test-output');

let context: BrowserContext;
let profile: string;

/** What a page did while it was open: console errors, page errors, requests that left the file, dialogs. */
interface Watch {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  dialogs: string[];
}

async function open(file: string): Promise<Watch> {
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const w: Watch = { page, consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.pageErrors.push(String(e)));
  page.on('request', (r) => {
    if (r.url() !== url) w.requests.push(r.url());
  });
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return w;
}

function expectQuiet(w: Watch): void {
  expect(w.consoleErrors).toEqual([]);
  expect(w.pageErrors).toEqual([]);
  expect(w.requests).toEqual([]);
  expect(w.dialogs).toEqual([]);
}

async function writeReport(name: string, args: string[]): Promise<string> {
  const file = join(OUT, `${name}.html`);
  const r = await cli(['check', ...args, '--format', 'html', '--output', file]);
  expect(r.stderr).toBe('');
  return file;
}

describe.skipIf(CHROMIUM.path === undefined && !process.env.CI)('HTML report in Chromium', () => {
  beforeAll(async () => {
    if (CHROMIUM.path === undefined) throw new Error(`${CHROMIUM.why} (CI must run the browser tests)`);
    mkdirSync(OUT, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'preflight-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM.path,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
      viewport: { width: 1100, height: 900 },
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test('the demo customer: verdict, blockers with who must act, no console errors, no requests; screenshot', async () => {
    const w = await open(await writeReport('readiness-demo', ['--config', 'config/demo-harbor-point.yaml', '--as-of', '2026-11-26']));
    const { page } = w;
    await expect(page.locator('.verdict-word').textContent()).resolves.toBe('Not ready');
    // The real pack grows; the count in the verdict must match the cards listed, whatever it is.
    const detail = (await page.locator('.verdict-detail').textContent()) ?? '';
    const blockers = Number(/^(\d+) blockers? to clear before the first export$/.exec(detail)?.[1]);
    expect(blockers).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#blockers article').count()).toBe(blockers);
    const actors = await page.locator('#blockers .finding-meta dd').allTextContents();
    expect(actors.map((a) => a.trim())).toContain('IT administrator (Sage server)');
    // Status is never colour alone: every status chip carries words.
    for (const text of await page.locator('.status').allTextContents()) expect(text.trim()).toMatch(/[A-Za-z]{3,}/);
    await page.screenshot({ path: join(OUT, 'readiness-demo.png'), fullPage: true });
    await page.screenshot({ path: join(OUT, 'readiness-demo-top.png') });
    expectQuiet(w);
  });

  test('passed checks are collapsed until opened; the changes since the baseline are listed', async () => {
    const w = await open(await writeReport('readiness-customer', [...CUSTOMER, '--baseline', `${GOLDEN}/mixed.json.json`, '--allow-other-customer']));
    const { page } = w;
    await expect(page.locator('.verdict-word').textContent()).resolves.toBe('Not ready');
    const passedRows = page.locator('#passed tbody tr');
    expect(await passedRows.count()).toBe(2);
    expect(await passedRows.first().isVisible()).toBe(false);
    await page.locator('#passed summary').click();
    expect(await page.locator('#passed details').getAttribute('open')).toBe('');
    expect(await passedRows.first().isVisible()).toBe(true);
    await expect(passedRows.first().locator('td').first().textContent()).resolves.toContain('ERP Integrations tool is enabled');
    const groups = (await page.locator('#changes h3').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(groups).toEqual(['Fixed 3', 'Still failing 2', 'Now waived 1']);
    await page.screenshot({ path: join(OUT, 'readiness-customer.png'), fullPage: true });
    expectQuiet(w);
  });

  test('a hostile vendor name shows as text: no element, no script, no dialog', async () => {
    const w = await open(await writeReport('readiness-hostile', HOSTILE));
    const { page } = w;
    await expect(page.locator('h1').textContent()).resolves.toBe("<img src=x onerror=alert('customer')>");
    await expect(page.locator('.finding-message').first().textContent()).resolves.toContain('Vendor <img src=x onerror=alert(1)> is not synced');
    await expect(page.locator('.fix li').nth(2).textContent()).resolves.toBe("<script>alert('script')</script> and <code> stay text.");
    expect(await page.evaluate(() => document.querySelectorAll('img, script, iframe, object, embed').length)).toBe(0);
    await page.screenshot({ path: join(OUT, 'readiness-hostile.png'), fullPage: true });
    expectQuiet(w);
  });

  test('a 400-character vendor name wraps: no sideways scrolling on a desktop or a phone', async () => {
    const w = await open(await writeReport('readiness-long-names', BIDI));
    const { page } = w;
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const d of await page.locator('details').all()) await d.evaluate((e) => e.setAttribute('open', ''));
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll, `width ${width}`).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(OUT, `readiness-long-names-${width}.png`), fullPage: true });
    }
    expectQuiet(w);
  });

  test('right-to-left names keep their place in a list; an override character is shown, not obeyed', async () => {
    const w = await open(await writeReport('readiness-bidi', BIDI));
    const { page } = w;
    await page.setViewportSize({ width: 1280, height: 900 });
    const arabic = 'شركة النور للمقاولات';
    const hebrew = 'חברת אור בנייה';
    // Where a piece of text is drawn, and whether an element around it isolates it from its neighbours.
    const place = (selector: string, needle: string) =>
      page.locator(selector).first().evaluate((root, needle) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(needle);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + needle.length);
          const rect = range.getBoundingClientRect();
          let isolated = false;
          for (let e = node.parentElement; e && e !== root; e = e.parentElement) if (getComputedStyle(e).unicodeBidi === 'isolate') isolated = true;
          return { left: rect.left, top: Math.round(rect.top), isolated };
        }
        return null;
      }, needle);
    // The list reads Arabic name, then Hebrew name, left to right, as the message lists them.
    const list = '#warnings .finding-message';
    const [a, h] = [await place(list, arabic), await place(list, hebrew)];
    expect(a?.isolated && h?.isolated, 'each name in its own isolating element').toBe(true);
    expect(a!.top).toBe(h!.top);
    expect(a!.left).toBeLessThan(h!.left);
    // Every name stands apart wherever it appears: header, finding keys, messages.
    for (const [selector, name] of [['.facts', 'דנה כהן'], ['#blockers', arabic], ['#blockers', hebrew]] as const) {
      expect((await place(selector, name))?.isolated, `${name} in ${selector}`).toBe(true);
    }
    // The override is visible as an escape and the text after it keeps its logical order.
    const text = await page.evaluate(() => document.title + document.body.textContent);
    expect(text).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    await expect(page.locator('h1').textContent()).resolves.toBe('\\u202eredaeh ruof Builders');
    const card = '#blockers article:has-text("Evil")';
    await expect(page.locator(`${card} .finding-message`).textContent()).resolves.toContain('Vendor Evil \\u202etxt.exe Supply is not synced');
    const [supply, rejects] = [await place(`${card} .finding-message`, 'Supply'), await place(`${card} .finding-message`, 'rejects')];
    expect(supply!.top).toBe(rejects!.top);
    expect(supply!.left).toBeLessThan(rejects!.left);
    await page.screenshot({ path: join(OUT, 'readiness-bidi.png'), fullPage: true });
    expectQuiet(w);
  });

  test('the JUnit XML of hostile names is well-formed for an XML parser', async () => {
    const xml = (await cli(['check', ...HOSTILE, '--format', 'junit'])).stdout;
    const w = await open(await writeReport('readiness-ready', READY));
    const parsed = await w.page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, names: [...doc.querySelectorAll('testcase')].map((t) => t.getAttribute('name')) };
    }, xml);
    expect(parsed.error).toBeNull();
    expect(parsed.names).toEqual(['vendor-synced/<img src=x onerror=alert(1)>', 'vendor-synced/Line one\nLine two ::error::injected %0A', 'vendor-synced/Plain & Sons']);
  });

  test('prints on A4 and on Letter without cutting anything off at the sides', async () => {
    const w = await open(await writeReport('readiness-print', ['--config', 'config/demo-harbor-point.yaml', '--as-of', '2026-11-26']));
    const { page } = w;
    await page.emulateMedia({ media: 'print' });
    // Printable width at 96 px per inch: paper width less the 13 mm margins on each side.
    for (const [paper, mm] of [['A4', 210], ['Letter', 215.9]] as const) {
      const width = Math.floor(((mm - 26) / 25.4) * 96);
      await page.setViewportSize({ width, height: 1000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, paper).toBe(0);
      const pdf = await page.pdf({ path: join(OUT, `readiness-demo-${paper}.pdf`), format: paper, printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expectQuiet(w);
  });
});
