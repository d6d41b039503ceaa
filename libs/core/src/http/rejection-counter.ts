import { Injectable } from '@nestjs/common';
import { LiveBatch, LiveStore, unixMinute } from '../live-store/live-store';

/** Key names of the rejection counters, relative to the configured prefix (the original design's names). */
export const RejectionKeys = {
  /** HASH: field = HTTP status, value = 4xx answers with it in that minute. */
  minute: (unixMinute: number) => `api_rejected:${unixMinute}`,
  /** Every minute's hash, as a pattern (redis:check). */
  anyMinute: 'api_rejected:*',
} as const;

/** Rejection counters outlive the five-minute window of the summary by a margin (the sampler reads minute − 1). */
export const REJECTION_TTL_SECONDS = 600;

/** 4xx answers per minute, by status, in the live store: written by the HTTP hooks, read by the summary. */
@Injectable()
export class RejectionCounter {
  constructor(private readonly liveStore: LiveStore) {}

  /** Counts one 4xx answer with this status in the minute holding `atMs`. One round trip. */
  count(status: number, atMs: number): Promise<void> {
    const batch = this.liveStore.batch();
    batch.incrementHashField(
      RejectionKeys.minute(unixMinute(atMs)),
      String(status),
      1,
      REJECTION_TTL_SECONDS,
    );
    return batch.run();
  }

  /**
   * Adds to `batch` the reads of these minutes' counters; the returned function, called once the batch has
   * run, gives the total of 4xx answers per minute, in the order asked.
   */
  readTotals(batch: LiveBatch, minutes: readonly number[]): () => number[] {
    const reads = minutes.map((minute) => batch.hashValues(RejectionKeys.minute(minute)));
    return () => reads.map((read) => read.value.reduce((total, count) => total + count, 0));
  }

  /** The total of 4xx answers in one minute. */
  async totalIn(minute: number): Promise<number> {
    const batch = this.liveStore.batch();
    const totals = this.readTotals(batch, [minute]);
    await batch.run();
    return totals()[0];
  }
}
