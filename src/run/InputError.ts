/**
 * Bad input from a user: an invalid config, scenario or trace. The CLI prints
 * its message (never a stack trace) and exits 2.
 */
export class InputError extends Error {
  constructor(
    message: string,
    /** The AWS error type, when the input is a request AWS would reject. */
    readonly awsType?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
