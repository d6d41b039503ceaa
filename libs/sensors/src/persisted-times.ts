const PAGE_BITS = 16;
const PAGE_IDS = 1 << PAGE_BITS;
/** Sensor ids are positive INTs: below 2^31. */
const MAX_ID = 2 ** 31 - 1;

/**
 * Per sensor id, a time (whole epoch seconds) this instance knows the database holds for last_seen_at, or
 * something later (0: nothing known, it may be null). After a flush statement every id in it holds the
 * statement's time or a later one, whether the statement changed its row or not; so a later flush sends
 * the database only heartbeats newer than that, and, outside a sensor's turn, only ids it has never seen
 * stored: in the steady state it asks about the sensors that are due instead of every sensor that beat.
 *
 * Pages of 65,536 ids (256 KiB each) are allocated on first use, at most `maxPages` (the default, 64, is
 * 16 MiB for 4 million dense ids); ids beyond that are simply sent every time. It is a hint: another
 * instance's flush or the platform may have written since, which only means a few more ids are sent.
 */
export class PersistedTimes {
  private readonly pages: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(
    (MAX_ID >>> PAGE_BITS) + 1,
  ).fill(undefined);
  private allocated = 0;

  constructor(private readonly maxPages = 64) {}

  /** Epoch seconds the database is known to hold at least, for this id; 0 when nothing is known. */
  get(id: number): number {
    return this.pages[id >>> PAGE_BITS]?.[id & (PAGE_IDS - 1)] ?? 0;
  }

  /** Records that the database holds at least `seconds` (positive, below 2^32) for this id. */
  raise(id: number, seconds: number): void {
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) return;
    const index = id >>> PAGE_BITS;
    let page = this.pages[index];
    if (page === undefined) {
      if (this.allocated >= this.maxPages) return;
      page = new Uint32Array(PAGE_IDS);
      this.pages[index] = page;
      this.allocated++;
    }
    const offset = id & (PAGE_IDS - 1);
    if (seconds > page[offset]) page[offset] = seconds;
  }

  /** Bytes held by the pages. */
  get bytes(): number {
    return this.allocated * PAGE_IDS * 4;
  }
}
