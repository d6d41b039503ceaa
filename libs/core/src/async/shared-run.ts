/**
 * Lets concurrent callers share one run of an async read instead of each running it. A caller that
 * arrives while a run is pending waits for the next run, which starts when the pending one ends: so every
 * caller gets a result read after it called (as fresh as a run of its own), while at most one run is in
 * flight and one is queued, however many callers there are.
 */
export class SharedRun<T> {
  private running: Promise<T> | null = null;
  private queued: Promise<T> | null = null;

  constructor(private readonly read: () => Promise<T>) {}

  run(): Promise<T> {
    if (this.running === null) return this.launch();
    if (this.queued === null) {
      const settled = this.running.then(
        () => undefined,
        () => undefined,
      );
      this.queued = settled.then(() => {
        this.queued = null;
        return this.launch();
      });
    }
    return this.queued;
  }

  private launch(): Promise<T> {
    const run = this.read().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}
