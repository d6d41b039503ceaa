interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseRange(text: string): MediaRange | null {
  const [mediaType, ...params] = text.split(';');
  const [type, subtype] = mediaType.trim().toLowerCase().split('/');
  if (!type || !subtype) return null;
  let q = 1;
  for (const param of params) {
    const [name, value] = param.split('=').map((part) => part.trim());
    if (name.toLowerCase() === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
  }
  return { type, subtype, q };
}

/**
 * Which of `offered` (in order of the server's preference) the Accept header asks for most: each offer
 * takes the q of the most specific range that matches it (exact, then type/*, then *\/*). Without an
 * Accept header, or when it accepts none of them, the first offer: an answer the caller did not ask for
 * beats a bare 406.
 */
export function preferredMediaType<T extends string>(
  accept: string | undefined,
  offered: readonly [T, ...T[]],
): T {
  if (!accept) return offered[0];
  const ranges = accept
    .split(',')
    .map(parseRange)
    .filter((range): range is MediaRange => range !== null);
  let best = offered[0];
  let bestQ = 0;
  for (const media of offered) {
    const [type, subtype] = media.split('/');
    let q = 0;
    let specificity = -1;
    for (const range of ranges) {
      const rank =
        range.type === type && range.subtype === subtype
          ? 2
          : range.type === type && range.subtype === '*'
            ? 1
            : range.type === '*' && range.subtype === '*'
              ? 0
              : -1;
      if (rank > specificity) {
        specificity = rank;
        q = range.q;
      }
    }
    if (q > bestQ) {
      best = media;
      bestQ = q;
    }
  }
  return best;
}
