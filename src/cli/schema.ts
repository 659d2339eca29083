// `preflight schema`: writes the JSON Schemas for editors (VS Code YAML) into a folder.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { publishedSchemas, renderSchema } from '../schema/all.ts';
import { requirePack } from '../pack/load.ts';
import { defaultPackDir } from './check.ts';
import { UsageError } from './usage.ts';
import { displayPath, requireFolder, writeFileAtomic, type CliIO } from './io.ts';

export function schemaCommand(argv: string[], io: CliIO): number {
  const { values } = parseArgs({ args: argv, options: { 'out-dir': { type: 'string' }, pack: { type: 'string' } }, strict: true });
  if (!values['out-dir']) throw new UsageError('schema needs --out-dir DIR');
  requireFolder(values['out-dir'], '--out-dir', io.cwd);
  const dir = resolve(io.cwd, values['out-dir']);
  const all = publishedSchemas(requirePack(values.pack ?? defaultPackDir(io)));
  for (const [name, schema] of Object.entries(all).sort()) {
    writeFileAtomic(join(dir, name), renderSchema(schema));
    io.stdout(`Wrote ${displayPath(join(dir, name), io.cwd)}\n`);
  }
  return 0;
}
