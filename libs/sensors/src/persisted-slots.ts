const PAGE_BITS = 16;
const PAGE_IDS = 1 << PAGE_BITS;
/** Sensor ids are positive INTs: below 2^31. */
const MAX_ID = 2 ** 31 - 1;

/**
 * Per sensor id, the latest last_seen_at slot this instance knows the database already holds (0: none
 * known): after a flush statement, every id in it holds a time in the heartbeat's slot or later, whether
 * the statement changed its row or not. The next flush sends only heartbeats of a later slot, so in the
 * steady state it asks the database about the sensors that are due instead of every sensor that beat.
 *
 * Pages of 65,536 ids (256 KiB each) are allocated on first use, at most `maxPages` (the default, 64, is
 * 16 MiB for 4 million dense ids); ids beyond that are simply sent every time. It is a hint: another
 * instance's flush or the platform may have written since, which only means a few more ids are sent.
 * A time moved back by hand in the database is rewritten one slot later than it would have been.
 */
export class PersistedSlots {
  private readonly pages: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(
    (MAX_ID >>> PAGE_BITS) + 1,
  ).fill(undefined);
  private allocated = 0;

  constructor(private readonly maxPages = 64) {}

  /** The slot known to be stored for this id, or 0. */
  get(id: number): number {
    return this.pages[id >>> PAGE_BITS]?.[id & (PAGE_IDS - 1)] ?? 0;
  }

  /** Records that the database holds a time in `slot` (a positive integer below 2^32) or later for this id. */
  raise(id: number, slot: number): void {
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
    if (slot > page[offset]) page[offset] = slot;
  }

  /** Bytes held by the pages. */
  get bytes(): number {
    return this.allocated * PAGE_IDS * 4;
  }
}
