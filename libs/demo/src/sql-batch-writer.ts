import type { QueryRunner } from 'typeorm';

export interface BatchWriterOptions {
  table: string;
  columns: string[];
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
 * one connection. Parameters are bound (at most rowsPerStatement x columns per statement, which must stay
 * under SQLite's 32,766).
 */
export class SqlBatchWriter {
  private buffer: unknown[] = [];
  private statementsInTransaction = 0;
  private written = 0;
  private readonly placeholdersByRows = new Map<number, string>();

  constructor(
    private readonly runner: QueryRunner,
    private readonly options: BatchWriterOptions,
  ) {
    if (options.rowsPerStatement * options.columns.length > 32_000) {
      throw new Error(`too many parameters per statement for ${options.table}`);
    }
  }

  get rowsWritten(): number {
    return this.written;
  }

  async add(...values: unknown[]): Promise<void> {
    for (const value of values) this.buffer.push(value);
    if (this.buffer.length >= this.options.rowsPerStatement * this.options.columns.length) {
      await this.writeBuffer();
    }
  }

  /** Writes what is buffered and commits. */
  async finish(): Promise<void> {
    await this.writeBuffer();
    if (this.runner.isTransactionActive) await this.commit();
  }

  /** Rolls back the open transaction, if any (after a failure). */
  async abort(): Promise<void> {
    this.buffer = [];
    if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
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
