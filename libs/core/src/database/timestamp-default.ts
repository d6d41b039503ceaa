/**
 * The default of created_at/updated_at differs by dialect: MySQL needs the precision of the column
 * (DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3)), SQLite has no such syntax. Entity metadata is static, so the
 * entities use a default function that reads the dialect of the data source this process configured
 * (one per process: the service runs on one database at a time).
 */
let dialect: 'mysql' | 'sqlite' = 'mysql';

export function useTimestampDialect(kind: 'mysql' | 'sqlite'): void {
  dialect = kind;
}

export function currentTimestampDefault(): string {
  return dialect === 'sqlite' ? "datetime('now')" : 'CURRENT_TIMESTAMP(3)';
}

/** Options for created_at / updated_at columns: DATETIME(3), UTC, set by the database. */
export const CREATED_AT_COLUMN = {
  name: 'created_at',
  type: 'datetime',
  precision: 3,
  default: currentTimestampDefault,
} as const;
export const UPDATED_AT_COLUMN = {
  name: 'updated_at',
  type: 'datetime',
  precision: 3,
  default: currentTimestampDefault,
  onUpdate: 'CURRENT_TIMESTAMP(3)',
} as const;
