// The error an operation throws when a fact has a value it cannot work with: a finding, not a crash.

export class InvalidValueError extends Error {
  constructor(message: string) {
    // Caught by evaluateLogic and turned into a finding: a stack trace would never be shown, only paid for.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = 'InvalidValueError';
  }
}
