import { Readable } from 'node:stream';
import type { LogOptions, LogRead } from '@kratix-backstage/plugin-kratix-node';
import type { DemoRun } from './demoRun';
import { lineTimes } from './demoTimeline';

/**
 * A demo container's log, served like the API server's: `tailLines`, `sinceSeconds`,
 * `limitBytes`, and `follow` sending lines as the (simulated) container writes them.
 */
export function demoLogs(
  run: DemoRun,
  container: string,
  options: LogOptions,
  now: number,
): LogRead {
  const window = run.windows.find(w => w.name === container);
  if (!window || now < window.startMs) {
    return {
      available: false,
      reason: 'container-not-started',
      message: `container "${container}" in pod "${
        run.podName
      }" has not started${window ? '' : ': an earlier stage failed'}`,
      statusCode: 400,
    };
  }
  const lines = run.logs[container] ?? [];
  const times = lineTimes(window, lines.length);
  const since = options.sinceSeconds
    ? now - options.sinceSeconds * 1000
    : -Infinity;
  const all = lines
    .map((text, i) => ({ text, at: times[i] }))
    .filter(l => l.at >= since);
  let shown = all.filter(l => l.at <= now);
  const pending = options.follow ? all.filter(l => l.at > now) : [];
  if (options.tailLines !== undefined) shown = shown.slice(-options.tailLines);

  let budget = options.limitBytes ?? Infinity;
  const take = (text: string): string | undefined => {
    if (budget <= 0) return undefined;
    const bytes = Buffer.from(`${text}\n`);
    const chunk = bytes.subarray(0, budget).toString('utf8');
    budget -= bytes.length;
    return chunk;
  };

  const stream = new Readable({ read() {} });
  for (const line of shown) {
    const chunk = take(line.text);
    if (chunk === undefined) break;
    stream.push(chunk);
  }
  const timers: NodeJS.Timeout[] = [];
  const end = () => {
    timers.forEach(clearTimeout);
    stream.push(null);
  };
  if (!pending.length || budget <= 0) {
    end();
    return { available: true, stream };
  }
  const last = pending[pending.length - 1];
  const write = (line: (typeof pending)[number]) => {
    const chunk = take(line.text);
    if (chunk !== undefined) stream.push(chunk);
    if (line === last || budget <= 0) end();
  };
  timers.push(
    ...pending.map(line => setTimeout(() => write(line), line.at - now)),
  );
  options.signal?.addEventListener('abort', () => {
    timers.forEach(clearTimeout);
    stream.destroy();
  });
  return { available: true, stream };
}
