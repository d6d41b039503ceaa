import { PersistedSlots } from './persisted-slots';

describe('PersistedSlots', () => {
  it('knows nothing at first, and only ever raises a slot', () => {
    const persisted = new PersistedSlots();
    expect(persisted.get(42)).toBe(0);
    persisted.raise(42, 7);
    expect(persisted.get(42)).toBe(7);
    persisted.raise(42, 5);
    expect(persisted.get(42)).toBe(7);
    persisted.raise(42, 9);
    expect(persisted.get(42)).toBe(9);
    expect(persisted.get(43)).toBe(0);
    expect(persisted.get(2_147_483_647)).toBe(0);
  });

  it('allocates 256 KiB pages of 65,536 ids on first use, up to its bound', () => {
    const persisted = new PersistedSlots(1);
    persisted.raise(1, 3);
    expect(persisted.bytes).toBe(262_144);
    persisted.raise(70_000, 3);
    expect(persisted.get(70_000)).toBe(0);
    expect(persisted.bytes).toBe(262_144);
  });
});
