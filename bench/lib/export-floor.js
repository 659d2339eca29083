// The export's floor: what any exporter of these invoices does at the least, and nothing else. Each NDJSON line
// is read (256 KiB chunks, cut in the bytes, as preflight reads), parsed with JSON.parse, written back with
// JSON.stringify, hashed (sha256, as preflight hashes a payload) and written to one file. No schema, mapping,
// rules, layout or second output: a lower bound for `preflight export` on the same input, measured in the same
// run (scenario "export"), as `node -e ''` is for `check`.
// usage: node bench/lib/export-floor.js INPUT.ndjson OUTPUT  → prints the number of invoices copied
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { hash } from 'node:crypto';

const [input, output] = process.argv.slice(2);
const CHUNK = 256 * 1024;
const chunk = Buffer.allocUnsafe(CHUNK);
const inFd = openSync(input, 'r');
const outFd = openSync(output, 'w');
let carry;
let pending = '';
let count = 0;

const copy = (bytes, start, end) => {
  if (end === start) return;
  const invoice = JSON.parse(bytes.toString('utf8', start, end));
  const text = JSON.stringify(invoice);
  pending += `${hash('sha256', text, 'hex')} ${text}\n`;
  count++;
  if (pending.length >= CHUNK) {
    writeSync(outFd, pending);
    pending = '';
  }
};

for (let n = readSync(inFd, chunk, 0, CHUNK, null); n > 0; n = readSync(inFd, chunk, 0, CHUNK, null)) {
  const bytes = chunk.subarray(0, n);
  let from = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, from)) {
    if (carry) {
      const line = Buffer.concat([carry, bytes.subarray(0, nl)]);
      carry = undefined;
      copy(line, 0, line.length);
    } else copy(bytes, from, nl);
    from = nl + 1;
  }
  if (from < n) carry = carry ? Buffer.concat([carry, bytes.subarray(from)]) : Buffer.from(bytes.subarray(from));
}
if (carry) copy(carry, 0, carry.length);
writeSync(outFd, pending);
closeSync(outFd);
closeSync(inFd);
console.log(count);
