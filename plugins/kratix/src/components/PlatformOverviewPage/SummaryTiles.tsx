import { InfoCard } from '@backstage/core-components';
import {
  HEALTH_STATES_WORST_FIRST,
  type ResourceRequestState,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { StateStatus } from '../StateStatus';
import type { Overview } from './loadOverview';

const useStyles = makeStyles(theme => ({
  number: { fontSize: '2.2rem', fontWeight: 700, lineHeight: 1.2 },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(1),
  },
}));

const STATES: ResourceRequestState[] = [
  'ready',
  'pending',
  'failing',
  'paused',
  'deleting',
];

const Tile = (props: {
  title: string;
  value: number;
  children?: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <InfoCard title={props.title} variant="gridItem">
      <Typography
        className={classes.number}
        aria-label={`${props.title}: ${props.value}`}
      >
        {props.value}
      </Typography>
      <Box className={classes.chips}>{props.children}</Box>
    </InfoCard>
  );
};

/**
 * The platform at a glance: how many of each, and in what state; how many requests
 * their health checks call unhealthy or degraded, and how many have a workflow a
 * stage suspended or asked to retry.
 */
export const SummaryTiles = ({ overview }: { overview: Overview }) => {
  const requests = overview.requests.byState;
  const byHealth = overview.requests.byHealth ?? {};
  const unwell = (byHealth.unhealthy ?? 0) + (byHealth.degraded ?? 0);
  const suspended = overview.requests.suspended ?? 0;
  const available = overview.promises.filter(
    p => p.status === 'Available',
  ).length;
  const ready = overview.destinations.filter(
    d => d.destination.ready === 'True',
  ).length;
  const workers = overview.destinations.flatMap(d => d.health?.workers ?? []);
  const healthy = workers.filter(w => w.healthy).length;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} sm={6} md={4}>
        <Tile title="Promises" value={overview.promises.length}>
          {available > 0 && (
            <StateStatus state="Available" label={`${available} available`} />
          )}
          {overview.promises.length > available && (
            <StateStatus
              state="Unavailable"
              label={`${overview.promises.length - available} unavailable`}
            />
          )}
        </Tile>
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <Tile title="Requests" value={overview.requests.total}>
          {STATES.filter(s => requests[s]).map(s => (
            <StateStatus key={s} state={s} label={`${requests[s]} ${s}`} />
          ))}
        </Tile>
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <Tile title="Destinations" value={overview.destinations.length}>
          {ready > 0 && <StateStatus state="ready" label={`${ready} ready`} />}
          {overview.destinations.length > ready && (
            <StateStatus
              state="failing"
              label={`${overview.destinations.length - ready} not ready`}
            />
          )}
        </Tile>
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <Tile title="Worker clusters" value={workers.length}>
          {healthy > 0 && (
            <StateStatus state="healthy" label={`${healthy} healthy`} />
          )}
          {workers.length > healthy && (
            <StateStatus
              state="unhealthy"
              label={`${workers.length - healthy} unhealthy`}
            />
          )}
        </Tile>
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <Tile title="Unhealthy or degraded requests" value={unwell}>
          {HEALTH_STATES_WORST_FIRST.filter(h => byHealth[h]).map(h => (
            <StateStatus key={h} state={h} label={`${byHealth[h]} ${h}`} />
          ))}
          {!HEALTH_STATES_WORST_FIRST.some(h => byHealth[h]) && (
            <Typography variant="body2" color="textSecondary">
              No health checks report on any request.
            </Typography>
          )}
        </Tile>
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <Tile title="Suspended workflows" value={suspended}>
          <Typography variant="body2" color="textSecondary">
            {suspended
              ? 'Requests a pipeline stage suspended or asked to retry later.'
              : 'No pipeline stage has suspended a request.'}
          </Typography>
        </Tile>
      </Grid>
    </Grid>
  );
};
