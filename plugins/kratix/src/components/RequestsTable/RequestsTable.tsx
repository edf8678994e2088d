import type { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  type RequestColumnsOptions,
  useRequestColumns,
} from './useRequestColumns';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
});

/**
 * Resource requests with their state and message, each linking to its view. Lists across
 * Promises (`showPromise`) show the namespace before the name instead of in a column.
 */
export const RequestsTable = (
  props: RequestColumnsOptions & {
    requests: ResourceRequest[];
    label: string;
    emptyMessage: string;
  },
) => {
  const { requests } = props;
  const classes = useStyles();
  const columns = useRequestColumns(props);
  if (!requests.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyMessage}
      </Typography>
    );
  }
  return (
    <div className={classes.scroll}>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            {columns.map(c => (
              <TableCell key={c.title} className={classes.nowrap}>
                {c.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {requests.map(r => (
            <TableRow
              key={`${r.platform}/${r.promise}/${r.namespace}/${r.name}`}
            >
              {columns.map(c => (
                <TableCell key={c.title} className={c.className}>
                  {c.render(r)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
