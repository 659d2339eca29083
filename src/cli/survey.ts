// `preflight survey`: writes the blank site survey for the pack, with its schema modeline.
import { dirname, join, relative, resolve } from 'node:path';
import { requirePack } from '../pack/load.ts';
import { renderSurvey } from '../snapshot/survey.ts';
import { defaultPackDir } from './check.ts';
import { parseFlags } from './usage.ts';
import { SURVEY } from './commands.ts';
import { packInputs, checkOutputs } from './outputs.ts';
import { PACKAGE_ROOT, displayPath, writeFileAtomic, type CliIO } from './io.ts';

export function surveyCommand(argv: string[], io: CliIO): number {
  const { values } = parseFlags(SURVEY, argv);
  const pack = requirePack(values.pack ?? defaultPackDir(io));
  const schema = join(PACKAGE_ROOT, 'schemas', 'survey.schema.json');
  if (!values.output) {
    io.stdout(renderSurvey(pack, relative(io.cwd, schema) || schema));
    return 0;
  }
  checkOutputs([{ file: values.output, option: '--output' }], packInputs(pack), io.cwd);
  const out = resolve(io.cwd, values.output);
  writeFileAtomic(out, renderSurvey(pack, relative(dirname(out), schema)));
  io.stdout(`Wrote ${displayPath(out, io.cwd)}\n`);
  return 0;
}
