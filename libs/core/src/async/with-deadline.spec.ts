import { withDeadline } from './with-deadline';

describe('withDeadline', () => {
  it('settles as the promise does when it is in time', async () => {
    await expect(withDeadline(Promise.resolve(1), 50, () => 2)).resolves.toBe(1);
    await expect(withDeadline(Promise.reject(new Error('no')), 50, () => 2)).rejects.toThrow('no');
  });

  it('answers with the fallback, or its error, when the promise is late', async () => {
    const never = new Promise<number>(() => undefined);
    await expect(withDeadline(never, 10, () => 'late')).resolves.toBe('late');
    await expect(
      withDeadline(never, 10, () => {
        throw new Error('too slow');
      }),
    ).rejects.toThrow('too slow');
  });
});
