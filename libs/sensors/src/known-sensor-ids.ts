const PAGE_BITS = 16;
/** Ids per page: a page is a bitmap of 65,536 ids, 8 KiB. */
const PAGE_IDS = 1 << PAGE_BITS;
const WORDS_PER_PAGE = PAGE_IDS / 32;
/** Sensor ids are positive INTs: below 2^31. */
const MAX_ID = 2 ** 31 - 1;

/**
 * The sensor ids this instance has seen exist, as a growable bitmap: pages of 65,536 ids allocated on
 * first use, at most `maxPages` of them (the default, 1024, is 8 MiB and holds 67 million dense ids). An
 * id on a page that cannot be allocated any more is simply never remembered, and is looked up each time.
 *
 * Only positive answers are kept. Sensor ids are never reused, so "this id exists" stays true unless the
 * row is deleted: then an instance that knew the id keeps accepting its heartbeats until it restarts (they
 * update no row, and the sensor counts as online while it beats). Unknown ids are never cached, so a
 * sensor inserted a moment ago is accepted by its first heartbeat.
 */
export class KnownSensorIds {
  /** One slot per possible page (32,768 of them), filled on first use. */
  private readonly pages: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(
    (MAX_ID >>> PAGE_BITS) + 1,
  ).fill(undefined);
  private allocated = 0;

  constructor(private readonly maxPages = 1024) {}

  has(id: number): boolean {
    const page = this.pages[id >>> PAGE_BITS];
    if (page === undefined) return false;
    const bit = id & (PAGE_IDS - 1);
    return (page[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  add(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) return;
    const index = id >>> PAGE_BITS;
    let page = this.pages[index];
    if (page === undefined) {
      if (this.allocated >= this.maxPages) return;
      page = new Uint32Array(WORDS_PER_PAGE);
      this.pages[index] = page;
      this.allocated++;
    }
    const bit = id & (PAGE_IDS - 1);
    page[bit >>> 5] |= 1 << (bit & 31);
  }

  /** Bytes held by the bitmap pages. */
  get bytes(): number {
    return this.allocated * WORDS_PER_PAGE * 4;
  }

  /** Forgets every id (e.g. after sensors were deleted). */
  clear(): void {
    this.pages.fill(undefined);
    this.allocated = 0;
  }
}
