/** What a {@link TailBuffer} kept of a log. */
export interface KeptTail {
  /** The kept log, preceded by the marker line when anything was cut. */
  content: Buffer;
  /** Bytes the log had in all. */
  originalBytes: number;
  /** Bytes of the log that were kept (without the marker). */
  keptBytes: number;
  /** Bytes cut from the start. */
  cutBytes: number;
  /** Lines cut from the start (the partial first line kept counts as cut). */
  cutLines: number;
}

const NEWLINE = 0x0a;

/** How many newlines a buffer has. */
function newlines(buffer: Buffer): number {
  let count = 0;
  for (let at = buffer.indexOf(NEWLINE); at >= 0; ) {
    count += 1;
    at = buffer.indexOf(NEWLINE, at + 1);
  }
  return count;
}

/** The marker line put before a log whose start was cut. */
export function cutMarker(cutBytes: number, cutLines: number): string {
  return `[kratix: the log archive cut the first ${cutBytes} bytes (${cutLines} lines) of this log and kept its last bytes]\n`;
}

/** Room kept for the marker, so that a cut log with its marker stays within the cap. */
export const MARKER_ROOM = 160;

/**
 * Keeps the last `maxBytes` of a log written to it chunk by chunk, so that a log of any
 * size never sits in memory whole: at most `maxBytes` plus one chunk. When the start is
 * cut, the kept text starts at a whole line and a marker line says how many bytes and
 * lines were cut; marker and kept text together stay within `maxBytes`.
 */
export class TailBuffer {
  private readonly chunks: Buffer[] = [];
  private held = 0;
  private total = 0;
  private droppedBytes = 0;
  private droppedLines = 0;
  private lastCutByte: number | undefined;
  private readonly limit: number;

  constructor(maxBytes: number) {
    if (!(maxBytes > MARKER_ROOM)) {
      throw new Error(
        `The log archive's cap must be more than ${MARKER_ROOM} bytes, not ${maxBytes}`,
      );
    }
    this.limit = maxBytes;
  }

  write(chunk: Buffer) {
    if (!chunk.length) return;
    this.chunks.push(chunk);
    this.held += chunk.length;
    this.total += chunk.length;
    // Once over the cap, hold no more than the cap less the marker's room.
    if (this.held > this.limit) this.trim(this.limit - MARKER_ROOM);
  }

  private trim(keep: number) {
    while (this.held > keep) {
      const first = this.chunks[0];
      const excess = this.held - keep;
      if (first.length <= excess) {
        this.chunks.shift();
        this.drop(first);
      } else {
        this.drop(first.subarray(0, excess));
        this.chunks[0] = first.subarray(excess);
      }
    }
  }

  private drop(part: Buffer) {
    this.held -= part.length;
    this.droppedBytes += part.length;
    this.droppedLines += newlines(part);
    if (part.length) this.lastCutByte = part[part.length - 1];
  }

  /** The kept log and what was cut. */
  finish(): KeptTail {
    if (this.droppedBytes === 0) {
      const whole = Buffer.concat(this.chunks, this.held);
      return {
        content: whole,
        originalBytes: this.total,
        keptBytes: whole.length,
        cutBytes: 0,
        cutLines: 0,
      };
    }
    this.trim(this.limit - MARKER_ROOM);
    // Unless the cut fell right after a newline, the first kept line is partial: cut it too.
    if (!this.cutAtLineStart()) {
      const at = this.chunks.findIndex(c => c.includes(NEWLINE));
      if (at >= 0) {
        for (let i = 0; i < at; i++) this.drop(this.chunks[i]);
        const chunk = this.chunks[at];
        const end = chunk.indexOf(NEWLINE) + 1;
        this.drop(chunk.subarray(0, end));
        this.chunks.splice(0, at + 1, chunk.subarray(end));
      }
    }
    const marker = Buffer.from(cutMarker(this.droppedBytes, this.droppedLines));
    // One copy of the kept text, after its marker.
    const content = Buffer.concat(
      [marker, ...this.chunks],
      marker.length + this.held,
    );
    return {
      content,
      originalBytes: this.total,
      keptBytes: this.held,
      cutBytes: this.droppedBytes,
      cutLines: this.droppedLines,
    };
  }

  /** Whether the last byte cut was a newline (the kept text starts at a whole line). */
  private cutAtLineStart(): boolean {
    return this.lastCutByte === NEWLINE;
  }
}
