// Describes the machine and runtime a benchmark ran on, for the header and latest.json.
import os from 'node:os';
import { spawnSync } from 'node:child_process';

const git = (...args) => {
  const r = spawnSync('git', args, { cwd: new URL('../../', import.meta.url).pathname, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trimEnd() : undefined;
};

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    nodePath: process.execPath,
    date: new Date().toISOString(),
    commit: git('rev-parse', '--short', 'HEAD')?.trim(),
    // Files of src/ and bin/ that differ from the commit (other engineers at work): measured as they are on disk.
    uncommitted: (git('status', '--porcelain', '--', 'src', 'bin', 'rules') ?? '').split('\n').filter(Boolean).map((l) => l.slice(3)),
  };
}
