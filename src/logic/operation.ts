// What a domain operation declares: its name, how many arguments it takes, what it does.

export interface OperationSpec {
  name: string;
  /** [min, max] argument count; max Infinity for variadic. Checked when the pack loads. */
  args: [number, number];
  description: string;
  fn: (...args: any[]) => unknown;
}
