// Every rule's templates checked when the pack loads: what its message and pass message call and read
// (template-check.ts), and that its remediation, shown as written, holds no template. Located in the rule file, at
// the mistake inside the template where the YAML allows.
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import { locateInString } from '../yaml/source.ts';
import { parseTemplate } from './template.ts';
import { checkTemplate } from './template-check.ts';
import type { TemplateView } from './template-paths.ts';
import { packTemplateScope, ruleTemplateView, type PackTemplateScope } from './template-scope.ts';
import type { CompiledMapping } from './mapping.ts';
import type { CompiledRule, SettingSpec } from './types.ts';

const TEMPLATE_FIELDS = ['message', 'passMessage'] as const;

/**
 * `plainToo`: also the templates the engine renders without Handlebars (plain names and our helpers: they call
 * nothing that can fail, but a misspelt name renders as nothing). Parsing them is most of what the check costs.
 */
export function checkRuleTemplates(rules: readonly CompiledRule[], settings: ReadonlyMap<string, SettingSpec>, mapping: CompiledMapping | undefined, plainToo: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  let scope: PackTemplateScope | undefined;
  for (const rule of rules) {
    const raw = rule.yaml.data as Record<string, unknown>;
    let view: TemplateView | undefined;
    for (const field of TEMPLATE_FIELDS) {
      const template = rule[field];
      const text = raw[field];
      if (!template || typeof text !== 'string' || (template.direct && !plainToo)) continue;
      view ??= ruleTemplateView(rule, (scope ??= packTemplateScope(settings, mapping)));
      for (const issue of checkTemplate(parseTemplate(text), text, view)) {
        out.push({ severity: 'error', code: issue.code, message: issue.message, location: within(rule, `/${field}`, issue.offset) });
      }
    }
    if (typeof raw.remediation === 'string') out.push(...remediationProblems(rule, raw.remediation));
  }
  return out;
}

/** A remediation is markdown shown as written: braces in it would reach the reader as they are. */
function remediationProblems(rule: CompiledRule, text: string): Diagnostic[] {
  const first = text.indexOf('{{');
  if (first < 0) return [];
  return [
    {
      severity: 'error',
      code: 'remediation-template',
      message: 'the remediation is shown as written, not filled in like the message: its {{…}} would reach the reader as braces; name the value in words, or show it in the message',
      location: within(rule, '/remediation', first),
    },
  ];
}

function within(rule: CompiledRule, pointer: string, offset: number): SourceLocation {
  return locateInString(rule.yaml, pointer, offset) ?? rule.yaml.locate(pointer) ?? rule.yaml.locateNearest(pointer).location;
}
