// Summarises a V8 .cpuprofile (node --cpu-prof): self and inclusive time by function and self time by file, as text.
// usage: node bench/lib/cpuprofile-summary.js FILE.cpuprofile [--top 25] [--filter SUBSTRING] [--within FUNCTION]
// --within keeps only the samples taken inside FUNCTION (by name), so shares are of that function's time.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' }, filter: { type: 'string' }, within: { type: 'string' } } });
const top = Number(values.top ?? 25);
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// Sample counts → ms, using the recorded time deltas.
const selfMs = new Map();
const inside = (id) => {
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur).callFrame.functionName === values.within) return true;
  return false;
};
profile.samples.forEach((id, i) => {
  if (values.within && !inside(id)) return;
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

const short = (url) => url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, 'node_modules/');
const keyOf = (n) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const self = new Map();
const inclusive = new Map();
const files = new Map();
for (const [id, ms] of selfMs) {
  const n = byId.get(id);
  const k = keyOf(n);
  self.set(k, (self.get(k) ?? 0) + ms);
  const file = short(n.callFrame.url) || `(${n.callFrame.functionName})`;
  files.set(file, (files.get(file) ?? 0) + ms);
  // Inclusive: each distinct function on the stack once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const kk = keyOf(byId.get(cur));
    if (seen.has(kk)) continue;
    seen.add(kk);
    inclusive.set(kk, (inclusive.get(kk) ?? 0) + ms);
  }
}

const show = (title, map) => {
  console.log(`\n${title}`);
  const rows = [...map].filter(([k]) => !values.filter || k.includes(values.filter)).sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, ms] of rows) console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`total sampled${values.within ? ` inside ${values.within}` : ''}: ${total.toFixed(0)} ms`);
show('self time by file', files);
show('self time by function', self);
show('inclusive time by function', inclusive);
