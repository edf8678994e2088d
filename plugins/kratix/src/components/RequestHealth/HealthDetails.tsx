import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, padding: 0, listStyle: 'none' },
  key: { color: theme.palette.text.secondary },
  value: { overflowWrap: 'anywhere' },
}));

const text = (value: unknown) =>
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);

/**
 * What a health check reported (`details`, free-form): an object as one `key: value`
 * line per field (nested values as JSON), anything else as it is.
 */
export const HealthDetails = ({ details }: { details: unknown }) => {
  const classes = useStyles();
  if (details === undefined || details === null || details === '')
    return <>–</>;
  if (typeof details !== 'object' || Array.isArray(details)) {
    return <span className={classes.value}>{text(details)}</span>;
  }
  return (
    <ul className={classes.list}>
      {Object.entries(details as Record<string, unknown>).map(([k, v]) => (
        <li key={k}>
          <span className={classes.key}>{k}:</span>{' '}
          <span className={classes.value}>{text(v)}</span>
        </li>
      ))}
    </ul>
  );
};
