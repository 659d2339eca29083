// The compiled pack: what the engine runs. Built once by loadPack, then read-only.
import type { SourceLocation } from '../diagnostics.ts';
import type { MessageTemplate } from './template.ts';
import type { YamlSource } from '../yaml/source.ts';
import type { CompiledMapping } from './mapping.ts';
import type { ImportLayout } from './layout.ts';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type Category = 'permission' | 'prerequisite' | 'setting' | 'mapping' | 'limitation' | 'invoice';

export interface SettingSpec {
  name: string;
  type: string | string[];
  default: unknown;
  description: string;
  markdownDescription?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  schema: Record<string, unknown>;
  location: SourceLocation;
}

export interface CompiledRule {
  id: string;
  title: string;
  severity: Severity;
  category: Category;
  actor: string;
  confidence: 'confirmed' | 'unconfirmed';
  source: string;
  scope: 'snapshot' | 'invoice';
  when?: unknown;
  check: unknown;
  each?: unknown;
  eachKey?: string;
  requires: string[];
  /** False when no config may waive the rule (the rule file's `waivable: false`). */
  waivable: boolean;
  /** Named json-logic values computed after the check; the message reads them as {{values.name}}. */
  values?: Record<string, unknown>;
  message: MessageTemplate;
  passMessage?: MessageTemplate;
  remediation: string;
  /** Absolute path of the rule's doc. */
  docs: string;
  /** The rule file as given to the loader (relative to the working directory when it was). */
  file: string;
  /** Where the rule's `id` stands. */
  location: SourceLocation;
  /** Fact paths the rule names literally (for surveys and docs). */
  facts: string[];
  /** The parsed file, to locate sub-expressions for --explain. */
  yaml: YamlSource;
}

export interface Pack {
  name: string;
  version: string;
  description?: string;
  dir: string;
  file: string;
  settings: Map<string, SettingSpec>;
  /** In evaluation order: every rule after the rules it requires; ties by file name. */
  rules: CompiledRule[];
  byId: Map<string, CompiledRule>;
  /** For `preflight export`: the field mapping and the AP import layout (pack.yaml `export`). */
  mapping?: CompiledMapping;
  layout?: ImportLayout;
}
