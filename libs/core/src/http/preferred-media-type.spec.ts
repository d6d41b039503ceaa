import { preferredMediaType } from './preferred-media-type';

const OFFERS = ['application/json', 'text/csv'] as const;

describe('preferredMediaType', () => {
  it.each([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['text/csv', 'text/csv'],
    ['TEXT/CSV; charset=utf-8', 'text/csv'],
    ['text/*', 'text/csv'],
    ['application/json', 'application/json'],
    ['text/csv, application/json', 'application/json'],
    ['application/json;q=0.5, text/csv', 'text/csv'],
    ['text/csv;q=0.9, */*;q=0.1', 'text/csv'],
    ['text/csv;q=0, */*', 'application/json'],
    ['text/html', 'application/json'],
    ['garbage', 'application/json'],
  ])('Accept %p gives %p', (accept, expected) => {
    expect(preferredMediaType(accept, OFFERS)).toBe(expected);
  });
});
