import { createLogViewerAnsiStream, toLogViewerAnsi } from './toLogViewerAnsi';

const ESC = '\u001b';
/** Escapes made readable: `ESC[1m` -> `<1>`. */
const show = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[([0-9;]*)m/g, '<$1>')
    .replaceAll(ESC, '<ESC>');

describe('toLogViewerAnsi', () => {
  it('splits combined codes and spells out the reset', () => {
    expect(
      show(toLogViewerAnsi(`${ESC}[1;32mPASS${ESC}[0m tests ${ESC}[m.`)),
    ).toBe('<1><32>PASS<22><23><24><39><49> tests <22><23><24><39><49>.');
  });

  it('maps bright, 256 and true colours to the nearest of the viewer', () => {
    expect(
      show(
        toLogViewerAnsi(
          `${ESC}[93;104ma${ESC}[38;5;196mb${ESC}[38;5;8mc${ESC}[48;2;10;20;230md${ESC}[38;5;250me`,
        ),
      ),
    ).toBe('<33><44>a<31>b<90>c<44>d<37>e');
  });

  it('drops styles the viewer has no class for, and leaves other escapes and markup alone', () => {
    expect(
      show(toLogViewerAnsi(`${ESC}[2;7;4m<img src=x>${ESC}[2K done`)),
    ).toBe('<4><img src=x><ESC>[2K done');
  });

  it('keeps what a terminal shows of a line rewritten with carriage returns', () => {
    expect(
      show(
        toLogViewerAnsi(
          `${ESC}[32mdownloading 10%\rdownloading 55%\rdownloaded\r\nnext\r\n`,
        ),
      ),
    ).toBe('<32>downloaded\r\nnext\r\n');
  });

  it('returns text without escapes or carriage returns as it is', () => {
    const text = 'Downloading CRDS...\nDone\n';
    expect(toLogViewerAnsi(text)).toBe(text);
  });
});

describe('createLogViewerAnsiStream', () => {
  it('holds back an escape sequence or a rewritten line cut between chunks', () => {
    const stream = createLogViewerAnsiStream();
    expect(show(stream(`ok\n${ESC}[1`))).toBe('ok\n');
    expect(show(stream(`;31mred${ESC}`))).toBe('<1><31>red');
    expect(show(stream(`[0m\n10%\r`))).toBe('<22><23><24><39><49>\n');
    expect(show(stream('done\n'))).toBe('done\n');
    expect(show(stream('50%\rlast', true))).toBe('last');
  });
});
