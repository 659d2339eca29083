// What the user sees while collecting: one updating line on a terminal, plain lines otherwise (always stderr).
import type { LiveEvent } from './client.ts';

export interface Progress {
  step(label: string): void;
  event(event: LiveEvent): void;
  /** Clears the updating line, so what follows starts on a clean line. */
  done(): void;
}

export function createProgress(write: (text: string) => void, terminal: boolean): Progress {
  let label = '';
  let requests = 0;
  const line = (detail: string) => write(`\r\u001b[2KCollecting from Procore: ${label}${detail} (${requests} requests)`);
  return {
    step(next) {
      label = next;
      if (terminal) line('');
      else write(`preflight: collecting ${next}\n`);
    },
    event(e) {
      if (e.kind === 'request') requests++;
      const waiting = e.kind === 'wait' ? `${e.reason}; waiting ${seconds(e.ms)}` : undefined;
      if (terminal) line(waiting ? ` — ${waiting}` : e.kind === 'page' && e.pages && e.pages > 1 ? `, page ${e.page} of ${e.pages}` : '');
      else if (waiting) write(`preflight: ${waiting}\n`);
    },
    done() {
      if (terminal) write('\r\u001b[2K');
    },
  };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}
