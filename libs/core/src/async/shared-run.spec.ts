import { SharedRun } from './shared-run';

/** A read whose runs end when the test says, numbered in the order they started. */
function controlledRead() {
  const pending: { resolve: (n: number) => void; reject: (e: Error) => void }[] = [];
  let started = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      started++;
      pending.push({ resolve, reject });
    });
  return {
    read,
    started: () => started,
    finish: (i: number) => pending[i].resolve(i + 1),
    fail: (i: number) => pending[i].reject(new Error(`run ${i + 1} failed`)),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SharedRun', () => {
  it('runs once for a lone caller', async () => {
    const control = controlledRead();
    const shared = new SharedRun(control.read);
    const result = shared.run();
    control.finish(0);
    expect(await result).toBe(1);
    expect(control.started()).toBe(1);
  });

  it('gives callers that arrive during a run the next run, started after they called, shared by all', async () => {
    const control = controlledRead();
    const shared = new SharedRun(control.read);
    const first = shared.run();
    const second = shared.run();
    const third = shared.run();
    expect(control.started()).toBe(1);
    control.finish(0);
    expect(await first).toBe(1);
    await tick();
    expect(control.started()).toBe(2);
    control.finish(1);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(control.started()).toBe(2);
  });

  it('passes a failure to the callers of that run only, and runs again for the next caller', async () => {
    const control = controlledRead();
    const shared = new SharedRun(control.read);
    const failing = shared.run();
    const queued = shared.run();
    control.fail(0);
    await expect(failing).rejects.toThrow('run 1 failed');
    await tick();
    control.finish(1);
    expect(await queued).toBe(2);
    const later = shared.run();
    control.finish(2);
    expect(await later).toBe(3);
  });
});
