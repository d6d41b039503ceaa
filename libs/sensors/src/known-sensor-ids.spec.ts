import { KnownSensorIds } from './known-sensor-ids';

describe('KnownSensorIds', () => {
  it('remembers the ids added, and no other', () => {
    const known = new KnownSensorIds();
    for (const id of [1, 31, 32, 65_535, 65_536, 2_147_483_647]) known.add(id);
    for (const id of [1, 31, 32, 65_535, 65_536, 2_147_483_647]) expect(known.has(id)).toBe(true);
    for (const id of [0, 2, 30, 33, 65_537, 2_147_483_646]) expect(known.has(id)).toBe(false);
  });

  it('allocates 8 KiB pages of 65,536 ids on first use, up to its bound, and then stops remembering', () => {
    const known = new KnownSensorIds(2);
    expect(known.bytes).toBe(0);
    known.add(5);
    known.add(60_000);
    expect(known.bytes).toBe(8_192);
    known.add(70_000);
    expect(known.bytes).toBe(16_384);
    known.add(200_000); // a third page: over the bound
    expect(known.bytes).toBe(16_384);
    expect(known.has(200_000)).toBe(false);
    expect([5, 60_000, 70_000].every((id) => known.has(id))).toBe(true);
  });

  it('ignores what cannot be a sensor id, and forgets everything on clear()', () => {
    const known = new KnownSensorIds();
    known.add(-1);
    known.add(2 ** 31);
    known.add(1.5);
    expect(known.bytes).toBe(0);
    known.add(7);
    known.clear();
    expect(known.has(7)).toBe(false);
    expect(known.bytes).toBe(0);
  });
});
