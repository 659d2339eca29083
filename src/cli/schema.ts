// `preflight schema`: writes the JSON Schemas for editors (VS Code YAML) into a folder.
import { join, resolve } from 'node:path';
import { publishedSchemas, renderSchema } from '../schema/all.ts';
import { requirePack } from '../pack/load.ts';
import { defaultPackDir } from './check.ts';
import { UsageError, parseFlags } from './usage.ts';
import { SCHEMA } from './commands.ts';
import { displayPath, requireFolder, writeFileAtomic, type CliIO } from './io.ts';

export function schemaCommand(argv: string[], io: CliIO): number {
  const { values } = parseFlags(SCHEMA, argv);
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
