import { ShutdownState } from './shutdown-state';

describe('ShutdownState', () => {
  it('tells the streams once, when the shutdown begins', () => {
    const state = new ShutdownState();
    const calls: string[] = [];
    state.onBegin(() => calls.push('begun'));
    expect(state.shuttingDown).toBe(false);
    state.begin();
    state.begin();
    expect(state.shuttingDown).toBe(true);
    expect(calls).toEqual(['begun']);
  });

  it('gives the final flush what is left of its share, none before it is given, never below 0', () => {
    const state = new ShutdownState();
    expect(state.finalFlushTimeLeftMs(1_000)).toBeUndefined();
    state.allowFinalFlushUntil(3_500);
    expect(state.finalFlushTimeLeftMs(1_000)).toBe(2_500);
    expect(state.finalFlushTimeLeftMs(3_500)).toBe(0);
    expect(state.finalFlushTimeLeftMs(4_000)).toBe(0);
  });
});
