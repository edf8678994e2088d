import { formatAge, formatDuration, formatRelative, shortHash } from './format';

describe('formatDuration', () => {
  it('reads like a person would say it', () => {
    expect(
      [undefined, 400, 1800, 14_000, 59_600, 123_000, 120_000, 3_900_000].map(
        formatDuration,
      ),
    ).toEqual([
      '–',
      '0.4 s',
      '1.8 s',
      '14 s',
      '1 min',
      '2 min 3 s',
      '2 min',
      '1 h 5 min',
    ]);
  });
});

describe('formatAge', () => {
  it('prints ages as kubectl does', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    const ago = (ms: number) => new Date(now - ms).toISOString();
    expect(
      [
        ago(42_000),
        ago(49 * 60_000),
        ago(5 * 3_600_000),
        ago(3 * 86_400_000),
        undefined,
        'not a date',
      ].map(iso => formatAge(iso, now)),
    ).toEqual(['42s', '49m', '5h', '3d', '–', '–']);
  });
});

describe('formatRelative', () => {
  it('says how far ahead or behind a time is', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    const at = (ms: number) => new Date(now + ms).toISOString();
    expect(
      [at(4 * 60_000), at(-2 * 60 * 60_000), undefined].map(iso =>
        formatRelative(iso, now),
      ),
    ).toEqual(['in 4m', '2h ago', '–']);
  });
});

describe('shortHash', () => {
  it('keeps the first eight characters', () => {
    expect([
      shortHash('5058f1af8388633f609cadb75a75dc9d'),
      shortHash(undefined),
    ]).toEqual(['5058f1af', '–']);
  });
});
