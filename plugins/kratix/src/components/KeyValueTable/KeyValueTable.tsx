import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  key: {
    width: '1%',
    whiteSpace: 'nowrap',
    fontWeight: 600,
    verticalAlign: 'top',
    color: theme.palette.text.secondary,
  },
  value: {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
}));

function show(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

/** Fields of an object (a request's spec, its status outputs) as a two-column table. */
export const KeyValueTable = (props: {
  label: string;
  values: Record<string, unknown>;
  emptyMessage: string;
}) => {
  const classes = useStyles();
  const entries = Object.entries(props.values);
  if (!entries.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyMessage}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={props.label}>
      <TableBody>
        {entries.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell className={classes.key}>{key}</TableCell>
            <TableCell className={classes.value}>{show(value)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
