import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { StateChip, workerState } from '../StateChip';
import type { Overview } from './loadOverview';

/** Destinations with Kratix's Ready, their state store, and their workers' health. */
export const DestinationsTable = (props: {
  destinations: Overview['destinations'];
}) => {
  const links = useKratixLinks();
  if (!props.destinations.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No Destinations registered on the configured platforms.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Destinations">
      <TableHead>
        <TableRow>
          <TableCell>Destination</TableCell>
          <TableCell>Platform</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>State store</TableCell>
          <TableCell>Worker health</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.destinations.map(({ destination: d, health }) => (
          <TableRow key={`${d.platform}/${d.name}`}>
            <TableCell>
              {links ? <Link to={links.destination(d)}>{d.name}</Link> : d.name}
              <Typography
                variant="caption"
                component="div"
                color="textSecondary"
              >
                {Object.entries(d.labels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              </Typography>
            </TableCell>
            <TableCell>{d.platform}</TableCell>
            <TableCell>
              <StateChip state={d.ready} />
            </TableCell>
            <TableCell>
              {d.stateStore ? `${d.stateStore.kind}/${d.stateStore.name}` : '–'}
            </TableCell>
            <TableCell>
              {!health || health.workers.length === 0 ? (
                <Typography variant="body2" color="textSecondary">
                  {health?.message ? 'no worker configured' : 'unknown'}
                </Typography>
              ) : (
                health.workers.map(w => {
                  const failing = w.kustomizations.filter(
                    k => k.ready === 'False',
                  );
                  return (
                    <Box key={w.cluster} mb={0.5}>
                      <StateChip
                        state={workerState(w)}
                        label={`${w.cluster}: ${workerState(w)}`}
                      />
                      {failing.map(k => (
                        <Typography
                          key={k.name}
                          variant="caption"
                          component="div"
                          color="error"
                        >
                          {k.name}: {k.reason ?? 'not ready'}
                        </Typography>
                      ))}
                    </Box>
                  );
                })
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
