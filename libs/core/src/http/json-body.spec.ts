import { exceedsJsonDepth } from './json-body';

describe('exceedsJsonDepth', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('allows exactly the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(nested(32), 32)).toBe(false);
    expect(exceedsJsonDepth(nested(33), 32)).toBe(true);
    expect(exceedsJsonDepth(`{"a":${nested(31)}}`, 32)).toBe(false);
    expect(exceedsJsonDepth(`{"a":${nested(32)}}`, 32)).toBe(true);
  });

  it('counts depth, not the number of brackets', () => {
    expect(exceedsJsonDepth(`[${'[],'.repeat(1_000)}[]]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ a: '['.repeat(100) }), 2)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ a: `\\"${'{'.repeat(100)}` }), 2)).toBe(false);
    expect(exceedsJsonDepth(`{"a\\\\":${nested(3)}}`, 2)).toBe(true);
  });

  it('stops at the first level too deep, however long the body', () => {
    expect(exceedsJsonDepth(nested(400_000), 32)).toBe(true);
  });
});
