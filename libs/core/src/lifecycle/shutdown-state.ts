import { Injectable } from '@nestjs/common';

/** Set the moment a shutdown starts, before the server stops accepting, so readiness turns 503 at once. */
@Injectable()
export class ShutdownState {
  private startedAt: number | null = null;
  private finalFlushUntil: number | null = null;
  private readonly listeners: Array<() => void> = [];

  get shuttingDown(): boolean {
    return this.startedAt !== null;
  }

  begin(): void {
    if (this.startedAt !== null) return;
    this.startedAt = Date.now();
    for (const listener of this.listeners) listener();
  }

  /** Runs `listener` when the shutdown starts (streams use it to end their clients). */
  onBegin(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * The final flushes (run by the app's shutdown hooks) may take until `atMs` (epoch ms): their share of the
   * shutdown's deadline, so one that cannot finish is given up and logged, and the stores still close in time.
   */
  allowFinalFlushUntil(atMs: number): void {
    this.finalFlushUntil = atMs;
  }

  /**
   * What is left of the final flushes' share at `nowMs`, never below 0; undefined when no share was given
   * (the app closed without a graceful shutdown, as tests do): then a flush is bounded by its store's
   * deadlines alone.
   */
  finalFlushTimeLeftMs(nowMs = Date.now()): number | undefined {
    return this.finalFlushUntil === null ? undefined : Math.max(0, this.finalFlushUntil - nowMs);
  }
}
