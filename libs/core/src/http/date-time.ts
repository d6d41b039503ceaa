import { ValidateBy, ValidationOptions } from 'class-validator';

/** Years a date field accepts: from the Unix epoch to what a DATE/DATETIME column holds. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

/** RFC 3339: a calendar date, `T`, a time (seconds and fraction optional), and `Z` or a `±hh:mm` offset. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(\.\d{1,9})?)?(?:Z|([+-])([01]\d|2[0-3]):([0-5]\d))$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const FIRST_INSTANT = Date.UTC(MIN_YEAR, 0, 1);
const END_INSTANT = Date.UTC(MAX_YEAR + 1, 0, 1);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Whether year-month-day names a day that exists, in the accepted years. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]);
}

/**
 * The instant a date-time names, in epoch ms, or null when it is not one: `2026-11-27T20:00:00Z`,
 * `2026-11-27T22:00:00.5+02:00`; not `2026-02-30T...` (no such day), `+0200` or no offset, years outside
 * 1970-9999. The one date-time rule of every field of the API.
 */
export function parseDateTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = DATE_TIME.exec(value);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes] = match;
  if (!isRealDay(Number(year), Number(month), Number(day))) return null;
  const utc = new Date(0);
  utc.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  utc.setUTCHours(
    Number(hour),
    Number(minute),
    Number(second ?? 0),
    Math.floor(Number(fraction ?? 0) * 1000),
  );
  const offsetMs = sign === undefined ? 0 : (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  const instant = utc.getTime() - (sign === '-' ? -offsetMs : offsetMs);
  // An offset can carry the instant out of the accepted years (9999-12-31T23:30:00-01:00).
  return instant >= FIRST_INSTANT && instant < END_INSTANT ? instant : null;
}

export function isDateTime(value: unknown): boolean {
  return parseDateTime(value) !== null;
}

/** `YYYY-MM-DD` naming a day that exists (no 30 February), years 1970-9999. */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The message of a field that is not a date-time, the same for every field. */
export function dateTimeMessage(field: string): string {
  return `${field} must be a date-time like 2026-11-27T20:00:00Z: a real calendar date, years ${MIN_YEAR}-${MAX_YEAR}, offset Z or ±hh:mm`;
}

export function calendarDateMessage(field: string): string {
  return `${field} must be a date like 2026-12-04: a real calendar date, years ${MIN_YEAR}-${MAX_YEAR}`;
}

export function IsDateTime(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: isDateTime,
        defaultMessage: (args) => dateTimeMessage(args?.property ?? 'value'),
      },
    },
    validationOptions,
  );
}

export function IsCalendarDate(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: isCalendarDate,
        defaultMessage: (args) => calendarDateMessage(args?.property ?? 'value'),
      },
    },
    validationOptions,
  );
}
