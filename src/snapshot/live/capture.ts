// One live capture: collect from Procore, merge the survey, render the snapshot text and read it back.
import { createClient, type ClientDeps, type Credentials, type LiveSettings } from './client.ts';
import { collectProcore } from './collect.ts';
import { assembleSnapshot, renderSnapshot } from './assemble.ts';
import { snapshotFromText } from './parse.ts';
import type { Progress } from './progress.ts';
import type { Row } from './map.ts';
import type { Snapshot } from '../load.ts';

export interface CaptureOptions {
  settings: LiveSettings;
  credentials: Credentials;
  deps: Omit<ClientDeps, 'onEvent'>;
  progress?: Progress;
  survey?: Row;
  customer?: string;
  invoices: boolean;
  toolVersion: string;
  capturedAt: () => Date;
  /** The modeline's path to snapshot.schema.json, relative to where the text will live. */
  schemaPath: string;
  /** The name evidence locations carry (the output file, or a label for an in-memory snapshot). */
  name: (companyId: string) => string;
}

export interface Capture {
  snapshot: Snapshot;
  text: string;
  invoices?: unknown[];
  /** Things the user should know: facts left absent, survey values replaced by live ones. */
  notes: string[];
  requestCount: number;
}

export async function captureLive(o: CaptureOptions): Promise<Capture> {
  const client = createClient(o.settings, o.credentials, { ...o.deps, onEvent: (e) => o.progress?.event(e) });
  let collected;
  try {
    collected = await collectProcore(client, { invoices: o.invoices, onStep: (label) => o.progress?.step(label) });
  } finally {
    o.progress?.done();
  }
  const { data, overridden, surveyRecorded } = assembleSnapshot({
    procore: collected.procore,
    survey: o.survey,
    customer: o.customer,
    capturedAt: o.capturedAt(),
    toolVersion: o.toolVersion,
  });
  const text = o.deps.redact(renderSnapshot(data, o.schemaPath, surveyRecorded));
  return {
    snapshot: snapshotFromText(text, o.name(collected.companyId)),
    text,
    ...(collected.invoices ? { invoices: collected.invoices } : {}),
    notes: [...collected.notes, ...overridden.map((o) => `the live value replaced the survey's: ${o}`)],
    requestCount: client.requestCount,
  };
}
