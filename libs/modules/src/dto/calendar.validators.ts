import { isISO8601, ValidateBy, ValidationOptions } from 'class-validator';

/** What DATE and DATETIME columns hold (MySQL's supported range). */
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** RFC 3339 shape: a calendar date, a time, optional fraction, and an explicit offset. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

function inStorableRange(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/** `YYYY-MM-DD` naming a day that exists (no 30 February), years 1000 to 9999. */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return inStorableRange(date) && date.toISOString().slice(0, 10) === value;
}

/**
 * An ISO-8601 calendar date-time with a time zone offset (`2026-11-20T14:03:00Z`, `...+02:00`) naming an
 * instant that exists and that a DATETIME column can hold.
 */
export function isOffsetDateTime(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    DATE_TIME.test(value) &&
    HAS_OFFSET.test(value) &&
    isISO8601(value, { strict: true }) &&
    inStorableRange(new Date(value))
  );
}

export function IsCalendarDate(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: isCalendarDate,
        defaultMessage: (args) => `${args?.property} must be a date like 2026-12-04`,
      },
    },
    validationOptions,
  );
}

/** Says which rule failed: a missing offset, or not a valid date-time at all. */
export function IsOffsetDateTime(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOffsetDateTime',
      validator: {
        validate: isOffsetDateTime,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          const lacksOffset = typeof value === 'string' && DATE_TIME.test(value) && !HAS_OFFSET.test(value);
          return lacksOffset
            ? `${args?.property} must carry a time zone offset (Z or +hh:mm)`
            : `${args?.property} must be an ISO-8601 date-time with an offset, like 2026-11-20T14:03:00Z`;
        },
      },
    },
    validationOptions,
  );
}
