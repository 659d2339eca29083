// The string formats our schemas use, the same at run time and in the bundle's precompiled validators: a date or a
// timestamp must name a real calendar day (dates.ts decides, as everywhere), an e-mail address is a pattern.
import { isCalendarDay } from '../logic/ops/dates.ts';

/** What follows the day in a `date-time`: T, a time of day (seconds optional), then Z or an offset. */
const TIME_OF_DAY = /^T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

export const FORMATS = {
  date: isCalendarDay,
  'date-time': (text: string): boolean => isCalendarDay(text.slice(0, 10)) && TIME_OF_DAY.test(text.slice(10)),
  // A pattern: ajv writes it into standalone code as it is.
  email: /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/,
};

/**
 * The name under which precompiled (standalone) validators find FORMATS: ajv writes a function format into
 * their code as a reference to this binding, which whoever loads the code provides (scripts/build.mjs).
 */
export const FORMATS_BINDING = 'preflightFormats';
