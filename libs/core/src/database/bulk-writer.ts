import type { QueryRunner } from 'typeorm';

export interface BulkWriterOptions<Row> {
  table: string;
  columns: readonly string[];
  /** The row's values, in the order of `columns`. */
  values: (row: Row) => unknown[];
  /** Appended after the VALUES list, e.g. an upsert clause. */
  suffix?: string;
  rowsPerStatement: number;
  /** Statements committed together. */
  statementsPerTransaction: number;
  /** Called after each commit with the rows written so far. */
  onCommit?: (rowsWritten: number) => void;
}

/**
 * Buffers rows and writes them as multi-row INSERT statements, several statements per transaction, on
 * one connection: the fast path for loading many rows (a feature's bulk import), which a feature builds
 * over its own table. Parameters are bound (at most rowsPerStatement x columns per statement, which must
 * stay under SQLite's 32,766).
 */
export class BulkWriter<Row> {
  private buffer: unknown[] = [];
  private statementsInTransaction = 0;
  private written = 0;
  private readonly placeholdersByRows = new Map<number, string>();

  constructor(
    private readonly runner: QueryRunner,
    private readonly options: BulkWriterOptions<Row>,
  ) {
    if (options.rowsPerStatement * options.columns.length > 32_000) {
      throw new Error(`too many parameters per statement for ${options.table}`);
    }
  }

  get rowsWritten(): number {
    return this.written;
  }

  async add(row: Row): Promise<void> {
    for (const value of this.options.values(row)) this.buffer.push(value);
    if (this.buffer.length >= this.options.rowsPerStatement * this.options.columns.length) {
      await this.writeBuffer();
    }
  }

  /**
   * Runs `work` (which adds rows), then writes what is buffered and commits; on any failure rolls the open
   * transaction back and rethrows. Returns the rows written.
   */
  async write(work: (add: (row: Row) => Promise<void>) => Promise<void>): Promise<number> {
    try {
      await work((row) => this.add(row));
      await this.writeBuffer();
      if (this.runner.isTransactionActive) await this.commit();
    } catch (error) {
      this.buffer = [];
      if (this.runner.isTransactionActive) await this.runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
    return this.written;
  }

  private async writeBuffer(): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer.length / this.options.columns.length;
    const parameters = this.buffer;
    this.buffer = [];
    if (!this.runner.isTransactionActive) await this.runner.startTransaction();
    await this.runner.query(
      `INSERT INTO ${this.options.table} (${this.options.columns.join(', ')}) VALUES ${this.placeholders(rows)}${this.options.suffix ?? ''}`,
      parameters,
    );
    this.written += rows;
    if (++this.statementsInTransaction >= this.options.statementsPerTransaction) await this.commit();
  }

  private async commit(): Promise<void> {
    await this.runner.commitTransaction();
    this.statementsInTransaction = 0;
    this.options.onCommit?.(this.written);
  }

  private placeholders(rows: number): string {
    let text = this.placeholdersByRows.get(rows);
    if (text === undefined) {
      const row = `(${this.options.columns.map(() => '?').join(', ')})`;
      text = Array.from({ length: rows }, () => row).join(', ');
      this.placeholdersByRows.set(rows, text);
    }
    return text;
  }
}

/** Rows in a table and its highest id (0 when empty): where a bulk import resumes. */
export async function tableSize(
  runner: QueryRunner,
  table: string,
): Promise<{ rows: number; maxId: number }> {
  const [row] = (await runner.query(`SELECT COUNT(*) AS n, MAX(id) AS max_id FROM ${table}`)) as {
    n: number | string;
    max_id: number | string | null;
  }[];
  return { rows: Number(row.n), maxId: Number(row.max_id ?? 0) };
}

/** A DATETIME as MySQL returns it (Date) or SQLite stores it (UTC text), as epoch ms. */
export function sqlDateTimeToEpochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const text = String(value);
  return Date.parse(`${text.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? '' : 'Z'}`);
}

/** How a bulk import writes: rows per INSERT, INSERTs per transaction, progress after each commit. */
export interface BulkPace {
  rowsPerStatement: number;
  statementsPerTransaction: number;
  onCommit?: (rowsWritten: number) => void;
}
