/**
 * Turns ANSI escape sequences in log text into styled segments. Only SGR (colour and
 * weight) codes are kept; every other escape and control character is dropped, and
 * the text itself is never interpreted as markup.
 */

/** Text styling set by SGR codes. Colours are CSS colours this module chose. */
export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

/** A run of text with one style. */
export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

/** The 16 basic colours (normal then bright), readable on a dark background. */
export const ANSI_COLORS = [
  '#4d4d4d', // black: lifted so it shows on a dark background
  '#f14c4c',
  '#23d18b',
  '#e5e510',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#e5e5e5',
  '#7f7f7f',
  '#ff6b6b',
  '#5af78e',
  '#f4f99d',
  '#66b2ff',
  '#ff92df',
  '#9aedfe',
  '#ffffff',
];

const hex = (n: number) =>
  Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');
const rgb = (r: number, g: number, b: number) => `#${hex(r)}${hex(g)}${hex(b)}`;

/** xterm's 256-colour palette. */
function color256(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return ANSI_COLORS[n];
  if (n < 232) {
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    const i = n - 16;
    return rgb(
      level(Math.floor(i / 36)),
      level(Math.floor(i / 6) % 6),
      level(i % 6),
    );
  }
  const gray = 8 + (n - 232) * 10;
  return rgb(gray, gray, gray);
}

/** Applies one SGR sequence (`1;31`, `38;5;208`, ...) to a style. */
export function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes =
    params === ''
      ? [0]
      : params.split(';').map(p => (p === '' ? 0 : Number(p)));
  let next: AnsiStyle = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 22) {
      delete next.bold;
      delete next.dim;
    } else if (code === 23) delete next.italic;
    else if (code === 24) delete next.underline;
    else if (code === 27) delete next.inverse;
    else if (code >= 30 && code <= 37) next.fg = ANSI_COLORS[code - 30];
    else if (code >= 90 && code <= 97) next.fg = ANSI_COLORS[code - 90 + 8];
    else if (code === 39) delete next.fg;
    else if (code >= 40 && code <= 47) next.bg = ANSI_COLORS[code - 40];
    else if (code >= 100 && code <= 107) next.bg = ANSI_COLORS[code - 100 + 8];
    else if (code === 49) delete next.bg;
    else if (code === 38 || code === 48) {
      const key = code === 38 ? 'fg' : 'bg';
      let color: string | undefined;
      if (codes[i + 1] === 5) {
        color = color256(codes[i + 2]);
        i += 2;
      } else if (codes[i + 1] === 2) {
        const [r, g, b] = codes.slice(i + 2, i + 5);
        if ([r, g, b].every(v => Number.isInteger(v))) color = rgb(r, g, b);
        i += 4;
      }
      if (color) next[key] = color;
    }
  }
  return next;
}

/* eslint-disable no-control-regex */
// CSI sequences, OSC sequences (ended by BEL or ST), and two-byte escapes.
const ESCAPE =
  /\u001b\[([0-9;?]*)([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/g;
/* eslint-enable no-control-regex */

/**
 * Parses one line of log text. `style` is the style in effect at the start of the line
 * (styles carry over lines, as in a terminal); the result says the style at its end.
 */
export function parseAnsiLine(
  line: string,
  style: AnsiStyle = {},
): { segments: AnsiSegment[]; style: AnsiStyle } {
  // A carriage return rewrites the line from its start: keep what was written last.
  const visible = line.includes('\r')
    ? line.split('\r').filter(Boolean).pop() ?? ''
    : line;
  const segments: AnsiSegment[] = [];
  let current = style;
  let last = 0;
  const push = (text: string) => {
    const clean = text.replace(CONTROL, '');
    if (!clean) return;
    const previous = segments[segments.length - 1];
    if (previous && previous.style === current) previous.text += clean;
    else segments.push({ text: clean, style: current });
  };
  for (const match of visible.matchAll(ESCAPE)) {
    push(visible.slice(last, match.index));
    last = (match.index ?? 0) + match[0].length;
    if (match[2] === 'm') current = applySgr(current, match[1]);
  }
  push(visible.slice(last));
  return { segments, style: current };
}

/** Parses log lines, carrying styles from one line to the next. */
export function parseAnsiLines(lines: string[]): AnsiSegment[][] {
  let style: AnsiStyle = {};
  return lines.map(line => {
    const parsed = parseAnsiLine(line, style);
    style = parsed.style;
    return parsed.segments;
  });
}

/** The text of a line without any escape sequences. */
export function stripAnsi(line: string): string {
  return parseAnsiLine(line)
    .segments.map(s => s.text)
    .join('');
}
