import { parseSeedArguments } from './seed.command';

describe('seed arguments', () => {
  it('defaults to the small scale', () => {
    expect(parseSeedArguments([])).toEqual({ scale: 'small' });
  });

  it('reads the scale and the overrides in both spellings', () => {
    expect(
      parseSeedArguments(['--scale', 'large', '--projects=10', '--sensors', '0', '--days', '3']),
    ).toEqual({
      scale: 'large',
      projects: 10,
      sensors: 0,
      days: 3,
    });
  });

  it.each([
    [['--scale', 'huge'], '--scale must be small or large, got "huge"'],
    [['--scale'], '--scale needs a value'],
    [['--projects', '-1'], '--projects must be a whole number from 0 to 10000000, got "-1"'],
    [['--sensors', '1e3'], '--sensors must be a whole number from 0 to 50000000, got "1e3"'],
    [['--days', '0'], '--days must be a whole number from 1 to 3650, got "0"'],
    [['--size', '3'], 'unknown option --size (expected --scale, --projects, --sensors, --days)'],
    [['large'], 'unexpected argument "large"'],
  ])('refuses %j', (args, error) => {
    expect(parseSeedArguments(args)).toEqual({ error });
  });
});
