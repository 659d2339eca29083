// The errors an operation throws when a fact has a value it cannot work with: a finding, not a crash.

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

/**
 * A value that stands for many (a recorded version of 1.31.xxxx): nothing wrong with the customer, only the fact
 * was not recorded precisely enough to judge. The engine makes the finding not evaluable, asking for the fact
 * that holds `value` to be recorded exactly, where any other invalid value fails it.
 */
export class InexactValueError extends InvalidValueError {
  readonly value: unknown;

  constructor(value: unknown, message: string) {
    super(message);
    this.name = 'InexactValueError';
    this.value = value;
  }
}
