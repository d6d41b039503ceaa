import { LastSeenTurns } from './last-seen-turns';

const MINUTE = 60_000;

describe('LastSeenTurns', () => {
  it('splits sensors into one group per minute of the granularity, which take turns minute by minute', () => {
    const turns = new LastSeenTurns(360_000);
    expect(turns.phases).toBe(6);
    expect(turns.periodMs).toBe(360_000);
    expect([6, 7, 8, 11, 12].map((id) => turns.phaseOf(id))).toEqual([0, 1, 2, 5, 0]);
    // Unix minute 29,916,000 is a multiple of 6.
    const minute = 29_916_000 * MINUTE;
    expect(turns.turnAt(minute)).toBe(0);
    expect(turns.turnAt(minute + MINUTE - 1)).toBe(0);
    expect(turns.turnAt(minute + MINUTE)).toBe(1);
    expect(turns.turnAt(minute + 5 * MINUTE)).toBe(5);
    expect(turns.turnAt(minute + 6 * MINUTE)).toBe(0);
  });

  it('applies the granularity in whole minutes, at least one', () => {
    expect(new LastSeenTurns(300_000).phases).toBe(5);
    expect(new LastSeenTurns(330_000).phases).toBe(6);
    expect(new LastSeenTurns(60_000).phases).toBe(1);
    expect(new LastSeenTurns(1_000).phases).toBe(1);
    expect(new LastSeenTurns(1_000).turnAt(123 * MINUTE)).toBe(0);
  });

  it('refuses a granularity that is not positive', () => {
    expect(() => new LastSeenTurns(0)).toThrow('granularity must be a positive number of ms: 0');
  });
});
