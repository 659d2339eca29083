// The examples in preflight's help, read as the shell would: what a test runs to prove they work.

/** A help example's words as a POSIX shell splits them (quotes only; the examples use nothing else). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (ch === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + ch;
  }
  if (quote) throw new Error(`unclosed ${quote} in ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}

/** An example split into its environment (NAME=VALUE words before it), command and arguments. */
export function exampleParts(run: string): { env: Record<string, string>; command: string; args: string[] } {
  const words = shellWords(run);
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? '')) {
    const [name, ...value] = words.shift()!.split('=');
    env[name] = value.join('=');
  }
  const [program, command, ...args] = words;
  if (program !== 'preflight') throw new Error(`an example runs preflight, not ${program}: ${run}`);
  return { env, command, args };
}
