/**
 * A start-up failure whose cause is known and whose message says what to do (a database that is down or
 * missing, credentials refused). main.ts logs the message as the one error line of a failed start; the
 * underlying error, with its stack, only at debug.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';

  constructor(
    message: string,
    /** Where the message came from: the driver's error, logged at debug. */
    readonly reason: unknown,
    /** The log line's context, e.g. `Database`. */
    readonly context: string,
  ) {
    super(message);
  }
}
