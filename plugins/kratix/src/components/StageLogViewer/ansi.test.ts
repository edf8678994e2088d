import {
  ANSI_COLORS,
  applySgr,
  parseAnsiLine,
  parseAnsiLines,
  stripAnsi,
} from './ansi';

const ESC = '\u001b';

describe('parseAnsiLine', () => {
  it('splits a line into styled segments', () => {
    expect(
      parseAnsiLine(
        `${ESC}[1;32mPASS${ESC}[0m tests ${ESC}[31mfailed: 0${ESC}[39m`,
      ).segments,
    ).toEqual([
      { text: 'PASS', style: { bold: true, fg: ANSI_COLORS[2] } },
      { text: ' tests ', style: {} },
      { text: 'failed: 0', style: { fg: ANSI_COLORS[1] } },
    ]);
  });

  it('keeps markup as text and drops escapes that are not colours', () => {
    expect(
      parseAnsiLine(
        `<img src=x onerror=alert(1)>${ESC}[2K${ESC}]0;title${ESC}\\ done\u0007`,
      ).segments,
    ).toEqual([{ text: '<img src=x onerror=alert(1)> done', style: {} }]);
  });

  it('keeps what was written after the last carriage return', () => {
    expect(stripAnsi('downloading 10%\rdownloading 55%\rdownloaded')).toBe(
      'downloaded',
    );
  });
});

describe('applySgr', () => {
  it('understands 256-colour and true-colour codes, and resets', () => {
    expect(applySgr({}, '38;5;196')).toEqual({ fg: '#ff0000' });
    expect(applySgr({}, '48;2;10;20;300')).toEqual({ bg: '#0a14ff' });
    expect(applySgr({}, '38;5;244')).toEqual({ fg: '#808080' });
    expect(applySgr({ bold: true, fg: 'x' }, '')).toEqual({});
    expect(applySgr({ bold: true, underline: true }, '22;24;4')).toEqual({
      underline: true,
    });
    expect(applySgr({}, '93;104')).toEqual({
      fg: ANSI_COLORS[11],
      bg: ANSI_COLORS[12],
    });
  });
});

describe('parseAnsiLines', () => {
  it('carries a style over to the next lines until it is reset', () => {
    const lines = parseAnsiLines([
      `${ESC}[33mwarning:`,
      'still yellow',
      `${ESC}[0mplain`,
    ]);
    expect(lines.map(l => l.map(s => [s.text, s.style.fg]))).toEqual([
      [['warning:', ANSI_COLORS[3]]],
      [['still yellow', ANSI_COLORS[3]]],
      [['plain', undefined]],
    ]);
  });
});
