import { criLogLine, criTimestamp } from './criLogLine';

describe('criLogLine', () => {
  it('writes the CRI log format with the given or a default time', () => {
    expect(
      criLogLine({ text: 'hello' }, () => '2026-11-26T10:00:00.000000001Z'),
    ).toBe('2026-11-26T10:00:00.000000001Z stdout F hello\n');
    expect(
      criLogLine(
        {
          text: 'oops',
          stream: 'stderr',
          time: new Date('2026-11-26T10:00:00.123Z'),
        },
        () => 'unused',
      ),
    ).toBe('2026-11-26T10:00:00.123000000Z stderr F oops\n');
    expect(
      criLogLine(
        { text: 'a\nb', time: '2026-11-26T10:00:00Z' },
        () => 'unused',
      ),
    ).toBe('2026-11-26T10:00:00Z stdout F a b\n');
  });

  it('stamps lines of one millisecond in increasing order', () => {
    const now = new Date('2026-11-26T10:00:00.123Z');
    const stamps = [criTimestamp(now), criTimestamp(now), criTimestamp(now)];
    expect(stamps.every(s => /^2026-11-26T10:00:00\.123\d{6}Z$/.test(s))).toBe(
      true,
    );
    expect([...stamps].sort()).toEqual(stamps);
  });
});
