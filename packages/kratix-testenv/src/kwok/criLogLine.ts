/** One line a container "printed", for {@link TestCluster.setPodLogs}. */
export interface PodLogLine {
  text: string;
  /** When it was printed (default: when it was set). */
  time?: Date | string;
  /** Default `stdout`. */
  stream?: 'stdout' | 'stderr';
}

let sequence = 0;

/**
 * An RFC 3339 timestamp with nanoseconds. Lines stamped in the same millisecond get
 * increasing sub-millisecond digits, so their order survives `sinceTime` and sorting.
 */
export function criTimestamp(time: Date = new Date()): string {
  const iso = time.toISOString(); // 2026-11-26T10:00:00.123Z
  sequence = (sequence + 1) % 1_000_000;
  return `${iso.slice(0, -1)}${String(sequence).padStart(6, '0')}Z`;
}

/**
 * One line in the CRI log format that kubelets (and KWOK) read:
 * `<RFC3339Nano time> <stdout|stderr> F <text>` (F: a full line, not a partial one).
 */
export function criLogLine(
  line: PodLogLine,
  defaultTime: () => string,
): string {
  let time: string;
  if (line.time === undefined) {
    time = defaultTime();
  } else if (typeof line.time === 'string') {
    time = line.time;
  } else {
    time = `${line.time.toISOString().slice(0, -1)}000000Z`;
  }
  return `${time} ${line.stream ?? 'stdout'} F ${line.text.replace(
    /\r?\n/g,
    ' ',
  )}\n`;
}
