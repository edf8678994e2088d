import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  kratixSignalChannel,
  type ResourceRequestPromiseCount,
} from '@kratix-backstage/plugin-kratix-common';
import Grid from '@material-ui/core/Grid';
import { kratixApiRef, type KratixObjectRef } from '../../api';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { KratixErrorPanel, PartialErrors } from '../KratixErrorPanel';
import { LiveBadge } from '../LiveBadge';
import { PipelineRunsCard } from '../PipelineRuns';
import { PlacementCard } from '../PlacementCard';
import { PromiseApiTable } from '../PromiseApiTable';
import { PromiseRevisionsCard } from '../PromiseRevisions';
import { RequestsPageTable } from '../PlatformOverviewPage/RequestsPageTable';
import { isRunLive } from '../RequestView';
import { WorkflowPipelines } from '../WorkflowPipelines';
import { PromiseSummaryCard } from './PromiseSummaryCard';
import { PromiseWorkflowsCard } from './PromiseWorkflowsCard';

/**
 * Everything about one Promise: its status and operations, its API as a table, its
 * workflows, its own promise-workflow runs, its requests, and where its dependencies
 * went. Refreshes by itself while a run or a request is in progress.
 */
export const PromiseView = (props: { promiseRef: KratixObjectRef }) => {
  const { platform, name } = props.promiseRef;
  const api = useApi(kratixApiRef);
  const key = `${platform}/${name}`;
  const ref = { platform, name };
  const channel = kratixSignalChannel({ type: 'promise', platform, name });
  const data = usePolledAsync(
    key,
    async () => {
      // The requests are counted here and paged by the table: a Promise may have
      // thousands, and a refresh should not load them all.
      const [promise, runs, summary] = await Promise.all([
        api.getPromise(ref),
        api.getPromiseRuns(ref),
        api.getRequestSummary({ platform }),
      ]);
      const count = summary.byPromise.find(c => c.promise === name);
      const requests: Pick<ResourceRequestPromiseCount, 'total' | 'byState'> =
        count ?? { total: 0, byState: {} };
      return { promise, runs, requests, errors: summary.errors };
    },
    {
      isLive: v =>
        v.runs.items.some(isRunLive) ||
        (v.requests.byState.pending ?? 0) > 0 ||
        (v.requests.byState.deleting ?? 0) > 0,
      signal: { channel, kinds: ['promise', 'requests', 'runs', 'health'] },
    },
  );
  // Pushed: the placement loads again only when Works or WorkPlacements change.
  const placement = usePolledAsync(key, () => api.getPromisePlacement(ref), {
    refresh: data.pushed ? undefined : data.version,
    signal: { channel, kinds: ['placement'] },
  });

  if (data.loading) return <Progress />;
  if (!data.value) {
    return <KratixErrorPanel error={data.error!} what={`Promise ${name}`} />;
  }
  const { promise, runs, requests, errors } = data.value;
  return (
    <Grid container spacing={3}>
      {data.live && (
        <Grid item xs={12}>
          <LiveBadge live pushed={data.pushed} />
        </Grid>
      )}
      <Grid item xs={12} lg={5}>
        <PromiseSummaryCard
          promise={promise}
          onOperation={() => data.retry()}
        />
      </Grid>
      <Grid item xs={12} lg={7}>
        <InfoCard
          title={`Requests (${requests.total})`}
          subheader={
            promise.api
              ? `Every ${promise.api.kind} on platform ${platform}`
              : undefined
          }
        >
          <PartialErrors errors={errors} />
          <RequestsPageTable
            label={`Requests of ${name}`}
            total={requests.total}
            version={data.version}
            promise={ref}
            emptyMessage={
              promise.api
                ? `Nobody has requested ${promise.api.kind} yet.`
                : 'This Promise has no API, so it takes no requests.'
            }
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="API"
          subheader={
            promise.api
              ? `What a ${promise.api.kind} request (${promise.api.apiVersion}) can set`
              : undefined
          }
        >
          <PromiseApiTable apiSchema={promise.apiSchema} />
        </InfoCard>
      </Grid>
      {promise.revisions && (
        <Grid item xs={12}>
          <PromiseRevisionsCard revisions={promise.revisions} />
        </Grid>
      )}
      <Grid item xs={12}>
        <PromiseWorkflowsCard promise={promise} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Workflow status"
          subheader="Each promise workflow pipeline's last known phase, as Kratix reports it in the Promise's status"
        >
          <WorkflowPipelines pipelines={promise.pipelines} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <PipelineRunsCard
          title="Promise workflow runs"
          runs={runs}
          emptyMessage={
            promise.workflows.promise.configure.length
              ? 'No promise.configure runs kept: Kratix may have cleaned up their Jobs.'
              : 'This Promise has no promise.configure workflow, so it has no runs of its own.'
          }
        />
      </Grid>
      <Grid item xs={12}>
        {placement.value && (
          <PlacementCard
            placement={placement.value}
            emptyMessage="No Works for the Promise itself: it has no dependencies and its promise workflows wrote nothing to schedule."
          />
        )}
        {!placement.value && placement.error && (
          <KratixErrorPanel
            error={placement.error}
            what="the Promise's Work placement"
          />
        )}
      </Grid>
    </Grid>
  );
};
