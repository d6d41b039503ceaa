import { PersistedTimes } from './persisted-times';

describe('PersistedTimes', () => {
  it('knows nothing at first, and only ever raises a time', () => {
    const persisted = new PersistedTimes();
    expect(persisted.get(42)).toBe(0);
    persisted.raise(42, 1_795_000_007);
    expect(persisted.get(42)).toBe(1_795_000_007);
    persisted.raise(42, 1_795_000_005);
    expect(persisted.get(42)).toBe(1_795_000_007);
    persisted.raise(42, 1_795_000_009);
    expect(persisted.get(42)).toBe(1_795_000_009);
    expect(persisted.get(43)).toBe(0);
    expect(persisted.get(2_147_483_647)).toBe(0);
  });

  it('allocates 256 KiB pages of 65,536 ids on first use, up to its bound', () => {
    const persisted = new PersistedTimes(1);
    persisted.raise(1, 3);
    expect(persisted.bytes).toBe(262_144);
    persisted.raise(70_000, 3);
    expect(persisted.get(70_000)).toBe(0);
    expect(persisted.bytes).toBe(262_144);
  });
});
