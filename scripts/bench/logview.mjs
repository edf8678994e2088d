// Benchmark of the stage log viewer (not a test): opens a generated stage log of
// BENCH_LOG_MB (50) MB in the real app, in headless Chromium, and prints how long the
// first lines take to show, how smoothly the log scrolls, and what the page holds.
// Start the app first (`yarn start`); run through scripts/bench-logview.sh.
//
// The log route of the request's stage is answered by Playwright (`page.route`) with the
// generated log, honouring `tailLines` as the backend does: everything else (the app, the
// request page, the viewer) is the real thing.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000';
const logMb = Number(process.env.BENCH_LOG_MB ?? 50);
const tails = (process.env.BENCH_TAILS ?? '500,all').split(',');
const timeoutMs = Number(process.env.BENCH_TIMEOUT_S ?? 300) * 1000;
const scrollFrames = Number(process.env.BENCH_SCROLL_FRAMES ?? 300);
const REQUEST =
  '/kratix/platforms/demo/requests/default/elastic-cloud/second-request';
const STAGE = 'pipeline-stage-0';

const say = text => process.stdout.write(`${text}\n`);
const ESC = '\u001b';

/** A pipeline-like log of `bytes` bytes: timestamps, levels, some ANSI colours. */
function generateLog(bytes) {
  const words = [
    'reconciling workload group 5edd7',
    'wrote /kratix/output/elastic-crds.yaml',
    'applying ECK operator manifests',
    'waiting for the state store to accept the commit',
    'rendered 14 resources from the Promise template',
  ];
  const parts = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    n += 1;
    const ts = new Date(Date.UTC(2026, 0, 1) + n * 7).toISOString();
    let level = 'INFO ';
    if (n % 50 === 0) level = `${ESC}[1;31mERROR${ESC}[0m`;
    else if (n % 10 === 0) level = `${ESC}[33mWARN ${ESC}[0m`;
    else if (n % 7 === 0) level = `${ESC}[32mINFO ${ESC}[0m`;
    const line = `${ts} ${level} bench-line ${String(n).padStart(7, '0')} ${
      words[n % words.length]
    } (revision ${(n * 2654435761) % 1e9})\n`;
    parts.push(line);
    size += Buffer.byteLength(line);
  }
  const text = parts.join('');
  return { buffer: Buffer.from(text), lines: n };
}

/** The last `n` lines of the log, as the API server's tailLines gives them. */
function tail(buffer, n) {
  let at = buffer.length - 1; // the final newline
  let seen = 0;
  while (at > 0) {
    at -= 1;
    if (buffer[at] === 0x0a && ++seen === n) return buffer.subarray(at + 1);
  }
  return buffer;
}

const log = generateLog(logMb * 1024 * 1024);
say(
  `log: ${(log.buffer.length / 1024 / 1024).toFixed(1)} MB, ${log.lines} lines`,
);

async function metrics(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(list.map(x => [x.name, x.value]));
  return { heapMb: m.JSHeapUsedSize / 1024 / 1024, nodes: m.Nodes };
}

/** Resolves with the ms from now until lines of the bench log are rendered in the viewer. */
function probeFirstLines(page) {
  return page.evaluate(
    limit =>
      new Promise(resolve => {
        const t0 = performance.now();
        let cleared = false;
        const hasLines = () => {
          const box = document.querySelector(
            '[data-testid="kratix-log-lines"]',
          );
          if (!box) return false;
          const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.nodeValue.includes('bench-line')) return true;
          }
          return false;
        };
        const frame = () => {
          const now = performance.now();
          const shown = hasLines();
          // The view shows the previous tail until the new one arrives: wait for it to go.
          if (!shown) cleared = true;
          if (shown && cleared) resolve(now - t0);
          else if (now - t0 > limit) resolve(-1);
          else requestAnimationFrame(frame);
        };
        window.__benchStart = () => requestAnimationFrame(frame);
      }),
    timeoutMs,
  );
}

/** Scrolls the log top to bottom over `frames` frames; the frame times, in ms. */
function scrollThrough(page, frames) {
  return page.evaluate(
    count =>
      new Promise(resolve => {
        const box = document.querySelector('[data-testid="kratix-log-lines"]');
        const all = [box, ...box.querySelectorAll('*')];
        const scroller = all.find(el => {
          const style = getComputedStyle(el);
          return (
            el.scrollHeight > el.clientHeight + 1 &&
            /(auto|scroll)/.test(style.overflowY)
          );
        });
        if (!scroller) {
          resolve({ error: 'no scrollable element in the log viewer' });
          return;
        }
        scroller.scrollTop = 0;
        const range = scroller.scrollHeight - scroller.clientHeight;
        const times = [];
        let last;
        let i = 0;
        const step = now => {
          if (last !== undefined) times.push(now - last);
          last = now;
          if (i > count) {
            resolve({ times, scrollHeight: scroller.scrollHeight });
            return;
          }
          scroller.scrollTop = (range * i) / count;
          i += 1;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(() => requestAnimationFrame(step));
      }),
    frames,
  );
}

function frameStats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const p95 =
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
  const dropped = times.reduce(
    (sum, t) => sum + Math.max(0, Math.round(t / (1000 / 60)) - 1),
    0,
  );
  return { mean, p95, max: sorted[sorted.length - 1], dropped };
}

async function run(tailSetting) {
  const profile = mkdtempSync(join(tmpdir(), 'bench-logview-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.KRATIX_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-precise-memory-info',
    ],
    viewport: { width: 1440, height: 1400 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(timeoutMs);
    await page.route(
      url => url.pathname.endsWith(`/logs/${STAGE}`),
      route => serve(route),
    );
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true })
      .waitFor();
    await page.goto(`${base}${REQUEST}`);
    const button = page
      .getByRole('button', { name: `Log of ${STAGE}` })
      .first();
    await button.waitFor();
    await page.waitForTimeout(2000);
    const before = await metrics(cdp);

    let shownMs;
    if (tailSetting === 'all') {
      // The viewer opens on its default tail; then "All lines" asks for the whole log.
      await button.click();
      await page.waitForFunction(() =>
        document
          .querySelector('[data-testid="kratix-log-lines"]')
          ?.textContent.includes('bench-line'),
      );
      await page.getByRole('button', { name: 'Lines to show' }).click();
      const option = page.getByRole('option', { name: 'All lines' });
      await option.waitFor();
      const probe = probeFirstLines(page);
      await page.evaluate(() => window.__benchStart());
      await option.click();
      shownMs = await probe;
    } else {
      const probe = probeFirstLines(page);
      await page.evaluate(() => window.__benchStart());
      await button.click();
      shownMs = await probe;
    }
    if (shownMs < 0) {
      return {
        tail: tailSetting,
        error: `no lines within ${timeoutMs / 1000} s`,
      };
    }
    await page.waitForTimeout(2000);
    const scroll = await scrollThrough(page, scrollFrames);
    await page.waitForTimeout(1000);
    const after = await metrics(cdp);
    return { tail: tailSetting, shownMs, scroll, before, after };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function serve(route) {
  const url = new URL(route.request().url());
  const tailLines = url.searchParams.get('tailLines');
  const body = tailLines ? tail(log.buffer, Number(tailLines)) : log.buffer;
  const headers = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (url.searchParams.get('download')) {
    headers[
      'Content-Disposition'
    ] = `attachment; filename="bench_${STAGE}.log"`;
  }
  await route.fulfill({ status: 200, headers, body });
}

const rows = [];
for (const t of tails) {
  say(`opening the log with tail ${t}...`);
  const result = await run(t);
  rows.push(result);
  if (result.error) {
    say(`  ${result.error}`);
    continue;
  }
  const lines = t === 'all' ? log.lines : Math.min(Number(t), log.lines);
  const s = result.scroll.times ? frameStats(result.scroll.times) : undefined;
  say(`  lines asked for: ${lines}`);
  say(`  first lines rendered after: ${Math.round(result.shownMs)} ms`);
  if (s) {
    say(
      `  scroll top to bottom in ${scrollFrames} frames: mean ${s.mean.toFixed(
        1,
      )} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(0)} ms, ${
        s.dropped
      } frames dropped (at 60 Hz)`,
    );
  } else {
    say(`  scroll: ${result.scroll.error}`);
  }
  say(
    `  JS heap after GC: ${result.before.heapMb.toFixed(
      0,
    )} MB before opening, ${result.after.heapMb.toFixed(
      0,
    )} MB after; DOM nodes ${result.before.nodes} -> ${result.after.nodes}`,
  );
  result.row = `| ${
    t === 'all' ? 'All lines' : `Last ${t} lines`
  } | ${lines} | ${Math.round(result.shownMs).toLocaleString('en')} | ${
    s
      ? `${s.mean.toFixed(1)} / ${s.p95.toFixed(1)} / ${s.max.toFixed(0)} | ${
          s.dropped
        }`
      : '– | –'
  } | ${result.before.heapMb.toFixed(0)} → ${result.after.heapMb.toFixed(
    0,
  )} | ${result.before.nodes} → ${result.after.nodes} |`;
}
say('');
say(
  '| tail | lines | first lines rendered ms | scroll frame mean / p95 / max ms | dropped frames | JS heap MB (before → after) | DOM nodes (before → after) |',
);
say('|---|---|---|---|---|---|---|');
for (const r of rows) {
  say(r.row ?? `| ${r.tail} | – | ${r.error} | – | – | – | – |`);
}
