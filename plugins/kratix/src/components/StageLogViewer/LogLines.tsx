import { makeStyles } from '@material-ui/core/styles';
import { useMemo, type CSSProperties } from 'react';
import {
  type AnsiSegment,
  type AnsiStyle,
  parseAnsiLines,
  stripAnsi,
} from './ansi';

const useStyles = makeStyles(theme => ({
  pre: {
    margin: 0,
    padding: theme.spacing(1, 0),
    backgroundColor: '#1e1e1e',
    color: '#d4d4d4',
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: 12.5,
    lineHeight: 1.5,
    overflow: 'auto',
    maxHeight: 480,
    minHeight: 96,
    borderRadius: theme.shape.borderRadius,
  },
  line: { display: 'flex', whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
  number: {
    flex: '0 0 auto',
    width: '4em',
    paddingRight: theme.spacing(1.5),
    textAlign: 'right',
    color: '#6e7681',
    userSelect: 'none',
  },
  text: { flex: 1, paddingRight: theme.spacing(1) },
  mark: { backgroundColor: '#f2cc60', color: '#1e1e1e', borderRadius: 2 },
}));

function cssOf(style: AnsiStyle): CSSProperties | undefined {
  if (!Object.keys(style).length) return undefined;
  const fg = style.inverse ? style.bg ?? '#1e1e1e' : style.fg;
  const bg = style.inverse ? style.fg ?? '#d4d4d4' : style.bg;
  return {
    color: fg,
    backgroundColor: bg,
    fontWeight: style.bold ? 700 : undefined,
    opacity: style.dim ? 0.7 : undefined,
    fontStyle: style.italic ? 'italic' : undefined,
    textDecoration: style.underline ? 'underline' : undefined,
  };
}

function highlight(text: string, query: string, markClass: string) {
  if (!query) return text;
  const parts: Array<string | JSX.Element> = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (
    let at = lower.indexOf(query);
    at >= 0;
    at = lower.indexOf(query, from)
  ) {
    parts.push(text.slice(from, at));
    parts.push(
      <mark key={at} className={markClass}>
        {text.slice(at, at + query.length)}
      </mark>,
    );
    from = at + query.length;
  }
  parts.push(text.slice(from));
  return parts;
}

/**
 * Log lines with their ANSI colours as styled spans (the text is rendered as text, never
 * as HTML), optionally only those matching `query`, with the matches marked.
 */
export const LogLines = (props: { text: string; query: string }) => {
  const classes = useStyles();
  const query = props.query.trim().toLowerCase();
  const lines = useMemo(() => {
    const raw = props.text.split('\n');
    if (raw[raw.length - 1] === '') raw.pop();
    const parsed = parseAnsiLines(raw);
    return raw.map((line, i) => ({
      number: i + 1,
      segments: parsed[i],
      plain: stripAnsi(line).toLowerCase(),
    }));
  }, [props.text]);
  const shown = query ? lines.filter(l => l.plain.includes(query)) : lines;
  return (
    <pre className={classes.pre} data-testid="kratix-log-lines">
      {shown.map(line => (
        <div key={line.number} className={classes.line}>
          <span className={classes.number}>{line.number}</span>
          <span className={classes.text}>
            {line.segments.map((segment: AnsiSegment, i) => (
              <span key={i} style={cssOf(segment.style)}>
                {highlight(segment.text, query, classes.mark)}
              </span>
            ))}
          </span>
        </div>
      ))}
    </pre>
  );
};

/** How many lines a log has, and how many match a search. */
export function countLines(text: string, query: string) {
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  const q = query.trim().toLowerCase();
  return {
    total: raw.length,
    matching: q
      ? raw.filter(l => stripAnsi(l).toLowerCase().includes(q)).length
      : raw.length,
  };
}
