const ESC = '\u001b';
// Escape sequences are what this file is about.
/* eslint-disable no-control-regex */
const SGR = /\u001b\[([0-9;:]*)m/g;
const INCOMPLETE_TAIL = /\u001b(\[[0-9;:]*)?$/;
/* eslint-enable no-control-regex */
const LONE_CR = /\r(?!\n)/;

/** The codes the viewer knows that turn each style off: bold, italic, underline, colours. */
const RESET = [22, 23, 24, 39, 49];
const KNOWN = new Set([1, 3, 4, 22, 23, 24, 39, 49, 90]);

/** xterm's base colours, the viewer's eight, plus grey (90) for "bright black". */
const PALETTE: Array<[number, number, number]> = [
  [0, 0, 0],
  [205, 0, 0],
  [0, 205, 0],
  [205, 205, 0],
  [0, 0, 238],
  [205, 0, 205],
  [0, 205, 205],
  [229, 229, 229],
  [127, 127, 127],
];
const GREY = 8;

function nearest(r: number, g: number, b: number): number {
  let best = 0;
  let bestDistance = Infinity;
  PALETTE.forEach(([pr, pg, pb], i) => {
    const distance = (r - pr) ** 2 + (g - pg) ** 2 + (b - pb) ** 2;
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

/** One of the 256 xterm colours, as the nearest of the viewer's. */
function fromXterm(n: number): number {
  if (n < 8) return n;
  if (n === 8) return GREY;
  if (n < 16) return n - 8;
  if (n < 232) {
    const level = (v: number) => (v ? 55 + v * 40 : 0);
    const i = n - 16;
    return nearest(
      level(Math.floor(i / 36)),
      level(Math.floor(i / 6) % 6),
      level(i % 6),
    );
  }
  const grey = 8 + (n - 232) * 10;
  return nearest(grey, grey, grey);
}

/** `index` of the palette as a foreground (38) or background (48) code. */
function colourCode(index: number, layer: 38 | 48): number {
  if (index === GREY) return layer === 38 ? 90 : 40;
  return (layer === 38 ? 30 : 40) + index;
}

/** The viewer's codes for the parameters of one SGR sequence (`1;32`, `38;5;208`, ...). */
function viewerCodes(params: string): number[] {
  const codes = params.split(/[;:]/).map(p => (p === '' ? 0 : Number(p)));
  const out: number[] = [];
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) out.push(...RESET);
    else if (KNOWN.has(code)) out.push(code);
    else if (code >= 30 && code <= 37) out.push(code);
    else if (code >= 40 && code <= 47) out.push(code);
    else if (code >= 91 && code <= 97) out.push(code - 60);
    else if (code === 100) out.push(40);
    else if (code >= 101 && code <= 107) out.push(code - 60);
    else if (code === 38 || code === 48) {
      if (codes[i + 1] === 5 && codes[i + 2] !== undefined) {
        out.push(colourCode(fromXterm(codes[i + 2]), code));
        i += 2;
      } else if (codes[i + 1] === 2 && codes[i + 4] !== undefined) {
        out.push(
          colourCode(nearest(codes[i + 2], codes[i + 3], codes[i + 4]), code),
        );
        i += 4;
      } else {
        break; // malformed: the rest of the sequence cannot be read
      }
    }
    // Dim, blink, inverse, strike-through...: the viewer has no style for them.
  }
  return out;
}

/**
 * What a terminal shows of a line rewritten with carriage returns (progress bars): the
 * text after the last one, keeping the colour codes written before it.
 */
function overwriteCarriageReturns(text: string): string {
  if (!LONE_CR.test(text)) return text;
  return text
    .split('\n')
    .map(line => {
      const crlf = line.endsWith('\r');
      const body = crlf ? line.slice(0, -1) : line;
      const at = body.lastIndexOf('\r');
      if (at < 0) return line;
      const styles = body.slice(0, at).match(SGR)?.join('') ?? '';
      return `${styles}${body.slice(at + 1)}${crlf ? '\r' : ''}`;
    })
    .join('\n');
}

/**
 * Rewrites a log for core-components' `LogViewer`. Its ANSI colour codes (SGR) become the
 * ones the viewer understands: one code per sequence, its eight colours and grey, bold,
 * italic, underline, and their own resets. Container logs use more (combined codes such
 * as `ESC[1;32m`, the reset `ESC[0m`, bright, 256 and true colours); without this,
 * colours are lost and a style never ends. A line rewritten with carriage returns keeps
 * what a terminal shows: the text after the last one. Other escape sequences are left for
 * the viewer, which drops them; the text is always rendered as text.
 */
export function toLogViewerAnsi(text: string): string {
  const lines = overwriteCarriageReturns(text);
  if (!lines.includes(ESC)) return lines;
  return lines.replace(SGR, (_, params: string) =>
    viewerCodes(params)
      .map(code => `${ESC}[${code}m`)
      .join(''),
  );
}

/**
 * {@link toLogViewerAnsi} for a log that arrives in chunks: an escape sequence cut at the
 * end of a chunk, or an unfinished line with a carriage return, is held back until the
 * next one. Call with `end` for the last chunk.
 */
export function createLogViewerAnsiStream() {
  let carry = '';
  return (chunk: string, end = false): string => {
    let text = carry + chunk;
    carry = '';
    if (!end) {
      const lineStart = text.lastIndexOf('\n') + 1;
      const partial = text.slice(lineStart);
      const cut = partial.includes('\r')
        ? 0
        : INCOMPLETE_TAIL.exec(partial)?.index;
      if (cut !== undefined) {
        carry = partial.slice(cut);
        text = text.slice(0, lineStart + cut);
      }
    }
    return toLogViewerAnsi(text);
  };
}
