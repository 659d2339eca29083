// A clock for live-client tests: time stands still until the client sleeps (it jumps by the wait asked for) or
// the test advances it, and a request's deadline passes only then. Nothing waits for real, so no result depends
// on how loaded the machine is; the waits the client asked for are kept, in order, for the test to check.
import type { Clock } from '../../src/snapshot/live/clock.ts';

export interface FakeClock extends Clock {
  /** Every wait the client asked for, in order. */
  readonly sleeps: number[];
  /** Moves time on by `ms`; every request deadline that falls due aborts its request with a TimeoutError. */
  advance(ms: number): void;
}

/** 2026-11-02T14:30:00Z: a whole second, so a reset header in whole seconds gives an exact wait. */
export const CLOCK_START = Date.UTC(2026, 10, 2, 14, 30, 0);

export function fakeClock(start = CLOCK_START): FakeClock {
  let now = start;
  let deadlines: { at: number; ms: number; controller: AbortController }[] = [];
  const sleeps: number[] = [];
  const advance = (ms: number) => {
    now += ms;
    const due = deadlines.filter((d) => d.at <= now);
    deadlines = deadlines.filter((d) => d.at > now);
    for (const d of due) d.controller.abort(new DOMException(`the deadline of ${d.ms} ms passed`, 'TimeoutError'));
  };
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      advance(ms);
    },
    deadline(ms) {
      const controller = new AbortController();
      deadlines.push({ at: now + ms, ms, controller });
      return controller.signal;
    },
    advance,
  };
}
