import { isCalendarDate, isOffsetDateTime } from './calendar.validators';

describe('isCalendarDate', () => {
  it.each(['2026-12-04', '2028-02-29', '1000-01-01', '9999-12-31'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-1-01',
    '0999-12-31',
    '2026-12-04T00:00:00Z',
    '04.12.2026',
    '',
    20261204,
    null,
  ])('refuses %p', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('isOffsetDateTime', () => {
  it.each([
    '2026-11-20T14:03:00Z',
    '2026-11-20T14:03Z',
    '2026-11-20T16:03:00.250+02:00',
    '2026-11-20T14:03:00-0130',
    '2026-11-20T14:03:00.123456789Z',
  ])('accepts %s', (value) => {
    expect(isOffsetDateTime(value)).toBe(true);
  });

  it.each([
    '2026-11-20T14:03:00',
    '2026-11-20',
    '2026-02-30T10:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T14:03:00+99:00',
    '2026-W48-1T10:00Z',
    '2026-324T10:00:00Z',
    '20261120T140300Z',
    '+002026-11-20T14:03:00Z',
    '9999-12-31T23:30:00-01:00',
    '0999-12-31T23:59:59Z',
    'yesterday',
    1795814143154,
  ])('refuses %p', (value) => {
    expect(isOffsetDateTime(value)).toBe(false);
  });
});
