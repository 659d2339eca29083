// How many workers a run starts: what --jobs asked for, but no more than there is work or cores for.

/** Something that bounds the useful number of workers, and how to say so (e.g. "this machine has 2 cores"). */
export interface JobsLimit {
  limit: number;
  because: string;
}

/**
 * The workers to start for `requested` (--jobs N), and the note to print when fewer: a worker past the cores only
 * competes for them, and one past the pieces of work sits idle, each still holding its own copy of the data.
 */
export function capJobs(requested: number, limits: JobsLimit[]): { jobs: number; note?: string } {
  const tightest = limits.reduce<JobsLimit | undefined>((a, b) => (a === undefined || b.limit < a.limit ? b : a), undefined);
  if (tightest === undefined || tightest.limit >= requested) return { jobs: requested };
  const jobs = Math.max(1, tightest.limit);
  return { jobs, note: `--jobs ${requested} capped to ${jobs}: ${tightest.because}` };
}

/** The cores limit, said the same way by every command. */
export function coresLimit(cores: number): JobsLimit {
  return { limit: cores, because: `this machine has ${cores} core${cores === 1 ? '' : 's'}` };
}
