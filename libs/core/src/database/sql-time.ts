/**
 * A UTC instant as DATETIME(3) text ('2026-11-27 20:05:00.000'): how raw SQL parameters are passed, since
 * MySQL compares it with DATETIME columns and TypeORM stores SQLite datetimes in exactly this form.
 */
export function toSqlDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
