// The HTML report: one self-contained page from the Handlebars templates in templates/, compiled once.
import Handlebars from 'handlebars';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import type { Report } from '../engine/report.ts';
import type { Baseline } from './compare.ts';
import type { ExportSummarySlot } from './export-slot.ts';
import { buildView } from './html-view.ts';
import { isolatedProse, isolatedValues, visibleView } from './html-text.ts';
import { renderMarkdown } from './markdown.ts';

export interface HtmlOptions {
  baseline?: Baseline;
  exportSummary?: ExportSummarySlot;
}

/** Consultants restyle the report by editing these files; no code change needed. */
export const TEMPLATE_DIR = join(PACKAGE_ROOT, 'src', 'report', 'templates');

let compiled: Handlebars.TemplateDelegate | undefined;

function template(): Handlebars.TemplateDelegate {
  if (compiled) return compiled;
  // A private instance: the helpers and partials here never leak into message templates.
  const hb = Handlebars.create();
  // The only way markup enters the page from data: remediation text, escaped first and then given a safe subset.
  hb.registerHelper('markdown', (text: unknown) => new hb.SafeString(renderMarkdown(String(text ?? ''))));
  // Customer text: `bdi` for a name or list of names, `prose` for a sentence with names in it (html-text.ts).
  hb.registerHelper('bdi', isolatedValues);
  hb.registerHelper('prose', isolatedProse);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const partials = join(TEMPLATE_DIR, 'partials');
  for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs')).sort()) {
    hb.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
  }
  compiled = hb.compile(readFileSync(join(TEMPLATE_DIR, 'report.hbs'), 'utf8'), { preventIndent: true });
  return compiled;
}

export function formatHtml(report: Report, options: HtmlOptions = {}): string {
  return template()(visibleView(buildView(report, options)));
}
