import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { schemaFields } from './schemaFields';

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  required: { color: theme.palette.error.main, fontWeight: 600 },
  nowrap: { whiteSpace: 'nowrap' },
}));

/** The fields a request of the Promise can set, read from its API schema. */
export const PromiseApiTable = (props: {
  apiSchema?: Record<string, unknown>;
}) => {
  const classes = useStyles();
  const fields = schemaFields(props.apiSchema);
  if (!fields.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        The API declares no spec fields: a request needs only a name.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="API fields">
      <TableHead>
        <TableRow>
          {['Field', 'Type', 'Required', 'Default'].map(h => (
            <TableCell key={h} className={classes.nowrap}>
              {h}
            </TableCell>
          ))}
          <TableCell>Description</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {fields.map(field => (
          <TableRow key={field.path}>
            <TableCell className={`${classes.mono} ${classes.nowrap}`}>
              spec.{field.path}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {field.type}
              {field.allowed && (
                <Typography variant="caption" component="div">
                  one of {field.allowed.map(v => JSON.stringify(v)).join(', ')}
                </Typography>
              )}
              {field.constraints.length > 0 && (
                <Typography variant="caption" component="div">
                  {field.constraints.join(', ')}
                </Typography>
              )}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {field.required ? (
                <span className={classes.required}>required</span>
              ) : (
                'optional'
              )}
            </TableCell>
            <TableCell className={`${classes.mono} ${classes.nowrap}`}>
              {field.default === undefined
                ? '–'
                : JSON.stringify(field.default)}
            </TableCell>
            <TableCell>{field.description ?? '–'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
