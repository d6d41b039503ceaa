import { LastSeenSlots } from './last-seen-slots';

describe('LastSeenSlots', () => {
  it('spreads a five-minute granularity over five phases a minute apart', () => {
    const slots = new LastSeenSlots(300_000);
    expect(slots.phases).toBe(5);
    expect(slots.windowMs).toBe(60_000);
    expect([5, 6, 7, 8, 9, 10].map((id) => slots.phaseOf(id))).toEqual([0, 1, 2, 3, 4, 0]);
    // Phase 0 slots start at multiples of 300 s, phase 2 slots 120 s later.
    expect(slots.slotStart(0, 1_000_000)).toBe(900_000);
    expect(slots.slotStart(0, 900_000)).toBe(900_000);
    expect(slots.slotStart(0, 899_999)).toBe(600_000);
    expect(slots.slotStart(2, 1_000_000)).toBe(720_000);
    expect(slots.slotStart(2, 1_020_000)).toBe(1_020_000);
  });

  it('numbers slots so that a later slot has a larger number', () => {
    const slots = new LastSeenSlots(300_000);
    expect(slots.slotNumber(0, 899_999)).toBe(3);
    expect(slots.slotNumber(0, 900_000)).toBe(4);
    expect(slots.slotNumber(0, 1_199_999)).toBe(4);
    expect(slots.slotNumber(2, 1_019_999)).toBe(3);
    expect(slots.slotNumber(2, 1_020_000)).toBe(4);
  });

  it('replaces a time of the previous slot, or any older one in the first minute of a slot', () => {
    const slots = new LastSeenSlots(300_000);
    // In the first minute of the slot starting at 900 s: anything before it.
    expect(slots.writeRange(0, 900_000)).toEqual({ since: null, before: 900_000 });
    expect(slots.writeRange(0, 959_999)).toEqual({ since: null, before: 900_000 });
    // Later in the slot: only a time of the slot before (600 s to 900 s).
    expect(slots.writeRange(0, 960_000)).toEqual({ since: 600_000, before: 900_000 });
    expect(slots.writeRange(0, 1_199_999)).toEqual({ since: 600_000, before: 900_000 });
    expect(slots.writeRanges(960_000)).toEqual([
      { since: 600_000, before: 900_000 },
      { since: null, before: 960_000 }, // phase 1: its slot starts at 960 s
      { since: 420_000, before: 720_000 },
      { since: 480_000, before: 780_000 },
      { since: 540_000, before: 840_000 },
    ]);
  });

  it('uses one phase, and no waiting, for a granularity of a minute or less', () => {
    const slots = new LastSeenSlots(30_000);
    expect(slots.phases).toBe(1);
    expect(slots.windowMs).toBe(30_000);
    expect(slots.writeRange(0, 1_029_999)).toEqual({ since: null, before: 1_020_000 });
  });

  it('gives a granularity that is not whole minutes one phase per started minute', () => {
    const slots = new LastSeenSlots(90_000);
    expect(slots.phases).toBe(2);
    expect(slots.windowMs).toBe(45_000);
    expect(slots.slotStart(1, 100_000)).toBe(45_000);
  });

  it('refuses a granularity below one millisecond', () => {
    expect(() => new LastSeenSlots(0)).toThrow('granularity must be a positive whole number of ms: 0');
  });
});
