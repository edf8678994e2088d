import { Link } from '@backstage/core-components';
import type { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { formatAge } from '../../lib/format';
import { StateChip } from '../StateChip';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
  message: { minWidth: 140 },
});

/**
 * Resource requests with their state and message, each linking to its view. Lists across
 * Promises (`showPromise`) show the namespace before the name instead of in a column.
 */
export const RequestsTable = (props: {
  requests: ResourceRequest[];
  label: string;
  emptyMessage: string;
  showPromise?: boolean;
  extra?: { title: string; render: (request: ResourceRequest) => ReactNode };
}) => {
  const { requests, showPromise, extra } = props;
  const classes = useStyles();
  const links = useKratixLinks();
  const now = Date.now();
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
            {[
              'Request',
              ...(showPromise ? ['Promise'] : ['Namespace']),
              'State',
              'Message',
              ...(extra ? [extra.title] : []),
              'Age',
            ].map(h => (
              <TableCell key={h} className={classes.nowrap}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {requests.map(r => (
            <TableRow
              key={`${r.platform}/${r.promise}/${r.namespace}/${r.name}`}
            >
              <TableCell className={classes.nowrap}>
                {showPromise && (
                  <Typography variant="caption" color="textSecondary">
                    {r.namespace}/
                  </Typography>
                )}
                {links ? <Link to={links.request(r)}>{r.name}</Link> : r.name}
              </TableCell>
              {showPromise && (
                <TableCell>
                  {links ? (
                    <Link
                      to={links.promise({
                        platform: r.platform,
                        name: r.promise,
                      })}
                    >
                      {r.promise}
                    </Link>
                  ) : (
                    r.promise
                  )}
                </TableCell>
              )}
              {!showPromise && (
                <TableCell className={classes.nowrap}>{r.namespace}</TableCell>
              )}
              <TableCell>
                <StateChip state={r.state} />
              </TableCell>
              <TableCell className={classes.message}>
                {r.message ?? '–'}
              </TableCell>
              {extra && <TableCell>{extra.render(r)}</TableCell>}
              <TableCell className={classes.nowrap}>
                {formatAge(r.createdAt, now)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
