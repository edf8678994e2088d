import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  type KratixOperation,
  kratixSignalChannel,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { kratixApiRef, type KratixRequestRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { KratixErrorPanel } from '../KratixErrorPanel';
import { LiveBadge } from '../LiveBadge';
import { PipelineRunsCard } from '../PipelineRuns';
import { PlacementCard } from '../PlacementCard';
import { RequestStatusCard } from '../RequestStatusCard';
import { WorkerHealthCard } from '../WorkerHealthCard';
import { WorkflowPipelines } from '../WorkflowPipelines';
import { isRequestLive } from './isRequestLive';

/**
 * Everything about one resource request: its status, its pipeline runs with stage logs,
 * where its output was placed, and the health of the workers it landed on. Refreshes
 * by itself while a pipeline runs.
 */
export const RequestView = (props: {
  requestRef: KratixRequestRef;
  /** Called after the request was deleted from here. */
  onDeleted?: () => void;
}) => {
  const { platform, namespace, promise, name } = props.requestRef;
  const api = useApi(kratixApiRef);
  const key = `${platform}/${namespace}/${promise}/${name}`;
  const ref = { platform, namespace, promise, name };
  const channel = kratixSignalChannel({ type: 'request', ...ref });
  const data = usePolledAsync(
    key,
    async () => {
      const [request, runs] = await Promise.all([
        api.getRequest(ref),
        api.getRequestRuns(ref),
      ]);
      return { request, runs };
    },
    {
      isLive: isRequestLive,
      signal: { channel, kinds: ['request', 'runs', 'health', 'worker'] },
    },
  );
  // Pushed: the placement loads again only when Works or WorkPlacements change.
  const placement = usePolledAsync(key, () => api.getRequestPlacement(ref), {
    refresh: data.pushed ? undefined : data.version,
    signal: { channel, kinds: ['placement'] },
  });

  if (data.loading) return <Progress />;
  if (!data.value) {
    return (
      <KratixErrorPanel
        error={data.error!}
        what={`${promise} request ${namespace}/${name}`}
      />
    );
  }
  const { request, runs } = data.value;
  const onOperation = (operation: KratixOperation) => {
    if (operation === 'delete' && props.onDeleted) props.onDeleted();
    else data.retry();
  };
  const destinations = [
    ...new Set([
      ...request.destinations,
      ...(placement.value?.workPlacements.map(wp => wp.destination) ?? []),
    ]),
  ].sort();

  return (
    <Grid container spacing={3}>
      {data.live && (
        <Grid item xs={12}>
          <LiveBadge live pushed={data.pushed} />
        </Grid>
      )}
      <Grid item xs={12} lg={4}>
        <RequestStatusCard request={request} onOperation={onOperation} />
      </Grid>
      <Grid item xs={12} lg={8}>
        {placement.value && (
          <PlacementCard
            placement={placement.value}
            emptyMessage="No Works yet: the configure pipeline has not written any output (it may still be running, or have failed)."
          />
        )}
        {placement.loading && <Progress />}
        {!placement.value && placement.error && (
          <KratixErrorPanel error={placement.error} what="the Work placement" />
        )}
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Workflows"
          subheader="Each pipeline's last known phase, as Kratix reports it in the request's status"
        >
          <WorkflowPipelines pipelines={request.pipelines} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <PipelineRunsCard
          runs={runs}
          emptyMessage="No pipeline runs: Kratix has not started this request's configure workflow, or has cleaned up its Jobs."
        />
      </Grid>
      {destinations.map(destination => (
        <Grid item xs={12} key={destination}>
          <Box>
            <WorkerHealthCard
              platform={platform}
              destination={destination}
              refresh={data.version}
              request={{ namespace, promise, name }}
            />
          </Box>
        </Grid>
      ))}
    </Grid>
  );
};
