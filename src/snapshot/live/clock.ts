// Time as the live client sees it: the current instant, a wait, and one request's deadline. The system's by
// default; tests inject their own so retries, rate-limit waits and timeouts are checked without waiting for real.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves once `ms` have passed. */
  sleep(ms: number): Promise<void>;
  /** A signal that aborts with a TimeoutError once `ms` have passed: how long one request may take. */
  deadline(ms: number): AbortSignal;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  deadline: (ms) => AbortSignal.timeout(ms),
};
