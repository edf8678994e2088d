import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { KratixTable } from '../KratixTable';
import { StateStatus, workerState } from '../StateStatus';
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
    <KratixTable
      label="Destinations"
      data={props.destinations}
      rowKey={({ destination: d }) => `${d.platform}/${d.name}`}
      columns={[
        {
          title: 'Destination',
          render: ({ destination: d }) => (
            <>
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
            </>
          ),
        },
        { title: 'Platform', render: ({ destination: d }) => d.platform },
        {
          title: 'Ready',
          compact: true,
          render: ({ destination: d }) => <StateStatus state={d.ready} />,
        },
        {
          title: 'State store',
          render: ({ destination: d }) =>
            d.stateStore ? `${d.stateStore.kind}/${d.stateStore.name}` : '–',
        },
        {
          title: 'Worker health',
          render: ({ health }) =>
            !health || health.workers.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                {health?.message ? 'no worker configured' : 'unknown'}
              </Typography>
            ) : (
              health.workers.map(w => (
                <Box key={w.cluster} mb={0.5}>
                  <StateStatus
                    state={workerState(w)}
                    label={`${w.cluster}: ${workerState(w)}`}
                  />
                  {w.kustomizations
                    .filter(k => k.ready === 'False')
                    .map(k => (
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
              ))
            ),
        },
      ]}
    />
  );
};
