// JUnit XML for CI test tabs: one testcase per finding key, a suite per category.
import type { Report } from '../engine/report.ts';
import type { Finding } from '../engine/types.ts';
import { formatLocation } from '../diagnostics.ts';
import { CATEGORIES } from '../schema/rule.schema.ts';
import { OUTCOME_WORD } from './changes-text.ts';
import { terminalText } from './terminal-text.ts';

type Verdict = 'failure' | 'skipped' | 'passed';

/** fail and blocked always fail; not-evaluable fails at error severity (a missing fact is never a pass). */
export function junitVerdict(f: Finding): Verdict {
  if (f.outcome === 'fail' || f.outcome === 'blocked') return 'failure';
  if (f.outcome === 'not-evaluable') return f.severity === 'error' ? 'failure' : 'passed';
  if (f.outcome === 'not-applicable' || f.outcome === 'waived') return 'skipped';
  return 'passed';
}

export function formatJunit(report: Report): string {
  const categories = CATEGORIES.filter((c) => report.findings.some((f) => f.category === c));
  const count = (list: Finding[], v: Verdict) => list.filter((f) => junitVerdict(f) === v).length;
  const all = report.findings;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`preflight ${report.customer}`)}" tests="${all.length}" failures="${count(all, 'failure')}" errors="0" skipped="${count(all, 'skipped')}">`,
  ];
  for (const category of categories) {
    const list = all.filter((f) => f.category === category);
    lines.push(
      `  <testsuite name="${attr(category)}" tests="${list.length}" failures="${count(list, 'failure')}" errors="0" skipped="${count(list, 'skipped')}">`,
      `    <properties>`,
      `      <property name="customer" value="${attr(report.customer)}"/>`,
      `      <property name="pack" value="${attr(`${report.pack.name} ${report.pack.version}`)}"/>`,
      `      <property name="asOf" value="${attr(report.asOf)}"/>`,
      `      <property name="verdict" value="${attr(report.verdict)}"/>`,
      `    </properties>`,
    );
    for (const f of list) lines.push(...testcase(f));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function testcase(f: Finding): string[] {
  const open = `    <testcase name="${attr(f.key)}" classname="${attr(`preflight.${f.category}.${f.ruleId}`)}" file="${attr(f.location.file)}" line="${f.location.line}"`;
  const verdict = junitVerdict(f);
  if (verdict === 'passed' && f.outcome === 'pass') return [`${open}/>`];
  if (verdict === 'passed') return [`${open}>`, `      <system-out>${text(`[${OUTCOME_WORD[f.outcome]}, ${f.severity}] ${f.message}`)}</system-out>`, '    </testcase>'];
  if (verdict === 'skipped') return [`${open}>`, `      <skipped message="${attr(`${OUTCOME_WORD[f.outcome]}: ${f.message}`)}"/>`, '    </testcase>'];
  const type = `${f.outcome}/${f.severity}`;
  return [`${open}>`, `      <failure message="${attr(f.message)}" type="${attr(type)}">${text(details(f))}</failure>`, '    </testcase>'];
}

function details(f: Finding): string {
  const lines = [`${formatLocation(f.location)}  ${f.severity}  ${OUTCOME_WORD[f.outcome]}: ${f.message}`, `rule: ${f.ruleId} (${formatLocation(f.ruleLocation)}), docs: ${f.docs}`];
  for (const e of f.evidence) lines.push(`evidence: ${e.path} = ${e.present ? JSON.stringify(e.value) : 'not recorded'} (${formatLocation(e.location)})`);
  for (const m of f.missing ?? []) lines.push(`collect: ${m.path}${m.collect ? `: ${m.collect}` : ''}`);
  if (f.blockedBy?.length) lines.push(`blocked by: ${f.blockedBy.join(', ')}`);
  lines.push('remediation:', f.remediation);
  return lines.join('\n');
}

/**
 * XML 1.0 cannot carry most control characters at all, even as character references, and a CI log may print the
 * rest: all but tab, line feed and carriage return (XML's own white space) are shown as escapes.
 */
function clean(s: string): string {
  return terminalText(s, '\t\n\r');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their line breaks and tabs as character references (normalised away otherwise). */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
