import { cutMarker, MARKER_ROOM, TailBuffer } from './TailBuffer';

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join(
    '',
  );

function feed(tail: TailBuffer, text: string, chunk: number) {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += chunk) {
    tail.write(bytes.subarray(at, at + chunk));
  }
}

describe('TailBuffer', () => {
  it('keeps a log within the cap whole, without a marker', () => {
    const tail = new TailBuffer(1024);
    feed(tail, lines(1, 10), 7);
    const kept = tail.finish();
    expect(kept.content.toString()).toBe(lines(1, 10));
    expect(kept).toMatchObject({
      originalBytes: Buffer.byteLength(lines(1, 10)),
      cutBytes: 0,
      cutLines: 0,
    });
  });

  it('keeps the tail from a whole line and says how many bytes and lines were cut', () => {
    const text = lines(1, 1000);
    const tail = new TailBuffer(1024);
    feed(tail, text, 100);
    const kept = tail.finish();
    const body = kept.content.toString();
    const [marker, ...rest] = body.split(/(?<=\n)/);
    const keptText = rest.join('');
    // The kept text is the log's end, starting at a whole line.
    expect(text.endsWith(keptText)).toBe(true);
    expect(keptText.startsWith('line ')).toBe(true);
    const firstKept = Number(/^line (\d+)/.exec(keptText)![1]);
    expect(kept.cutLines).toBe(firstKept - 1);
    expect(kept.cutBytes).toBe(Buffer.byteLength(lines(1, firstKept - 1)));
    expect(kept.cutBytes + kept.keptBytes).toBe(kept.originalBytes);
    expect(marker).toBe(cutMarker(kept.cutBytes, kept.cutLines));
    // Marker and kept text together within the cap, and the cap nearly used.
    expect(kept.content.length).toBeLessThanOrEqual(1024);
    expect(kept.keptBytes).toBeGreaterThan(1024 - MARKER_ROOM - 20);
  });

  it('counts a cut that ends right at a line end without cutting another line', () => {
    const tail = new TailBuffer(MARKER_ROOM + 10);
    // Lines of exactly 10 bytes: the cap less the marker's room holds one.
    feed(tail, 'abcdefghi\n'.repeat(20), 10);
    const kept = tail.finish();
    expect(kept.cutLines).toBe(19);
    expect(kept.cutBytes).toBe(190);
    expect(kept.content.toString()).toBe(`${cutMarker(190, 19)}abcdefghi\n`);
  });

  it('holds no more than the cap and one chunk while a big log streams through', () => {
    const tail = new TailBuffer(4096);
    const chunk = Buffer.from(`${'x'.repeat(99)}\n`);
    for (let i = 0; i < 10_000; i++) {
      tail.write(chunk);
      expect((tail as any).held).toBeLessThanOrEqual(4096);
    }
    const kept = tail.finish();
    expect(kept.originalBytes).toBe(1_000_000);
    expect(kept.content.length).toBeLessThanOrEqual(4096);
    expect(kept.cutLines + kept.keptBytes / 100).toBe(10_000);
  });

  it('refuses a cap too small for the marker', () => {
    expect(() => new TailBuffer(100)).toThrow(/cap/);
  });
});
