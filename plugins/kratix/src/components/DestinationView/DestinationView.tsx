import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { kratixSignalChannel } from '@kratix-backstage/plugin-kratix-common';
import Grid from '@material-ui/core/Grid';
import { kratixApiRef, type KratixObjectRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { KratixErrorPanel, PartialErrors } from '../KratixErrorPanel';
import { RequestsTable } from '../RequestsTable';
import { StateStatus } from '../StateStatus';
import { WorkerHealthCard } from '../WorkerHealthCard';
import { DestinationSummaryCard } from './DestinationSummaryCard';
import { useRequestsAt } from './useRequestsAt';

/**
 * Everything about one Destination: its readiness and state store, the requests Kratix
 * placed there, and the health of the worker clusters serving it.
 */
export const DestinationView = (props: { destinationRef: KratixObjectRef }) => {
  const { platform, name } = props.destinationRef;
  const api = useApi(kratixApiRef);
  const channel = kratixSignalChannel({ type: 'destination', platform, name });
  const data = usePolledAsync(
    `${platform}/${name}`,
    () => api.getDestination({ platform, name }),
    { signal: { channel, kinds: ['destination'] } },
  );
  // Pushed: the requests placed here load again only when WorkPlacements change.
  const requests = useRequestsAt(
    platform,
    name,
    data.pushed ? undefined : data.version,
    { channel, kinds: ['placement'] },
  );

  if (data.loading) return <Progress />;
  if (!data.value) {
    return (
      <KratixErrorPanel error={data.error!} what={`Destination ${name}`} />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={4}>
        <DestinationSummaryCard destination={data.value} />
      </Grid>
      <Grid item xs={12} lg={8}>
        <InfoCard
          title="Requests placed here"
          subheader="Requests whose pipeline output Kratix scheduled to this Destination"
        >
          {requests.loading && <Progress />}
          {requests.error && !requests.value && (
            <KratixErrorPanel
              error={requests.error}
              what="the requests placed here"
            />
          )}
          {requests.value && (
            <>
              <PartialErrors errors={requests.value.errors} />
              <RequestsTable
                label={`Requests placed on ${name}`}
                showPromise
                requests={requests.value.items.map(i => i.request)}
                emptyMessage="No request has output on this Destination."
                extra={{
                  title: 'Placement',
                  render: r => {
                    const placed = requests.value!.items.find(
                      i => i.request === r,
                    );
                    return placed?.placements.map(wp => (
                      <StateStatus key={wp.name} state={wp.state} />
                    ));
                  },
                }}
              />
            </>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <WorkerHealthCard
          platform={platform}
          destination={name}
          refresh={data.version}
        />
      </Grid>
    </Grid>
  );
};
