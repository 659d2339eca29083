// The error an operation throws when a fact has a value it cannot work with: a finding, not a crash.

export class InvalidValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidValueError';
  }
}
