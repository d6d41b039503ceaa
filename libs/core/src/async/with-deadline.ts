/**
 * Settles as `promise` does, or, if it has not settled within `ms`, with what `onTimeout` returns (or
 * throws). The one way this codebase bounds a wait on something that may never answer.
 */
export function withDeadline<T, F = never>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => F,
): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<F>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }, ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
