import { Link } from '@backstage/core-components';
import type {
  PromiseSummary,
  ResourceRequestPromiseCount,
  ResourceRequestState,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { StateChip } from '../StateChip';

/** Every Promise with its availability, API and its requests counted by state. */
export const PromisesTable = (props: {
  promises: PromiseSummary[];
  /** The requests counted by Promise. */
  requests: ResourceRequestPromiseCount[];
}) => {
  const links = useKratixLinks();
  if (!props.promises.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No Promises installed on the configured platforms yet.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Promises">
      <TableHead>
        <TableRow>
          <TableCell>Promise</TableCell>
          <TableCell>Platform</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>API</TableCell>
          <TableCell>Requests</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.promises.map(p => {
          const counts: Partial<Record<ResourceRequestState, number>> =
            props.requests.find(
              r => r.platform === p.platform && r.promise === p.name,
            )?.byState ?? {};
          return (
            <TableRow key={`${p.platform}/${p.name}`}>
              <TableCell>
                {links ? <Link to={links.promise(p)}>{p.name}</Link> : p.name}
              </TableCell>
              <TableCell>{p.platform}</TableCell>
              <TableCell>
                <StateChip state={p.status} />
                {p.paused && <StateChip state="paused" />}
              </TableCell>
              <TableCell>{p.version ?? '–'}</TableCell>
              <TableCell>
                {p.api ? `${p.api.kind} (${p.api.apiVersion})` : 'none'}
              </TableCell>
              <TableCell>
                <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
                  {Object.keys(counts).length === 0
                    ? 'none'
                    : Object.entries(counts).map(([state, n]) => (
                        <StateChip
                          key={state}
                          state={state}
                          label={`${n} ${state}`}
                        />
                      ))}
                </Box>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
