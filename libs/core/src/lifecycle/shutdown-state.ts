import { Injectable } from '@nestjs/common';

/** Set the moment a shutdown starts, before the server stops accepting, so readiness turns 503 at once. */
@Injectable()
export class ShutdownState {
  private startedAt: number | null = null;
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
}
