import type { Logger } from '@nestjs/common';

/** The lines of a failure episode; `again` (at debug) is left out where repeated failures say nothing new. */
export interface FailureEpisodeLines {
  /** The warning at the first failure. */
  started(error: unknown): string;
  /** The line at the first success after it, with how long the failures lasted. */
  ended(seconds: number): string;
  /** A failure while the episode lasts, logged at debug. */
  again?(error: unknown): string;
}

/**
 * Logs a run of failures of something retried (a timer's tick, a store read per request) as two lines, not
 * one per failure: a warning when the failures start and one line when the next attempt succeeds.
 */
export class FailureEpisode {
  private since: number | null = null;

  constructor(
    private readonly logger: Pick<Logger, 'warn' | 'log' | 'debug'>,
    private readonly lines: FailureEpisodeLines,
  ) {}

  failed(error: unknown): void {
    if (this.since === null) {
      this.since = Date.now();
      this.logger.warn(this.lines.started(error));
    } else if (this.lines.again) {
      this.logger.debug(this.lines.again(error));
    }
  }

  succeeded(): void {
    if (this.since === null) return;
    const seconds = Math.round((Date.now() - this.since) / 1_000);
    this.since = null;
    this.logger.log(this.lines.ended(seconds));
  }
}
