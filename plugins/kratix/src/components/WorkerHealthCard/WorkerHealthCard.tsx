import { InfoCard, Progress } from '@backstage/core-components';
import { describeResourceId } from '@kratix-backstage/plugin-kratix-common';
import { useApi } from '@backstage/core-plugin-api';
import { Alert } from '@backstage/ui';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { kratixApiRef } from '../../api';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { DemoDataChip } from '../DemoDataChip';
import { KratixErrorPanel, PartialErrors } from '../KratixErrorPanel';
import { StateStatus, workerState } from '../StateStatus';
import { FluxTable } from './FluxTable';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  worker: { marginTop: theme.spacing(2) },
}));

/**
 * Whether a Destination's worker clusters applied what Kratix wrote for them: the
 * Destination's `Ready` condition, then each worker's Flux Kustomizations and sources.
 */
export const WorkerHealthCard = (props: {
  platform: string;
  destination: string;
  /** Load again when this changes (the parent view's polling). */
  refresh?: number;
  /** The request whose view this is: a failure it is part of is said first. */
  request?: { namespace: string; promise: string; name: string };
}) => {
  const { platform, destination } = props;
  const classes = useStyles();
  const api = useApi(kratixApiRef);
  const links = useKratixLinks();
  const data = usePolledAsync(
    `${platform}/${destination}`,
    async () => {
      const ref = { platform, name: destination };
      const [dest, health] = await Promise.all([
        api.getDestination(ref),
        api.getDestinationHealth(ref),
      ]);
      return { dest, health };
    },
    { refresh: props.refresh },
  );
  const title = `Worker health: ${destination}`;
  if (data.loading) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  if (!data.value) {
    return (
      <InfoCard title={title}>
        <KratixErrorPanel
          error={data.error!}
          what={`the health of Destination ${destination}`}
        />
      </InfoCard>
    );
  }
  const { dest, health } = data.value;
  const { request } = props;
  const blaming = request
    ? health.workers.flatMap(worker =>
        worker.kustomizations
          .filter(k => k.ready === 'False')
          .flatMap(k => {
            const hit = k.implicatedRequests.find(
              r =>
                r.namespace === request.namespace &&
                r.promise === request.promise &&
                r.name === request.name,
            );
            return hit
              ? [{ worker: worker.cluster, kustomization: k, hit }]
              : [];
          }),
      )
    : [];
  return (
    <InfoCard
      title={title}
      subheader="Kratix's view of the Destination, then Flux's view on each worker cluster serving it."
      action={<DemoDataChip demo={health.demo} />}
    >
      {blaming.map(({ worker, kustomization, hit }) => (
        <Alert
          key={`${worker}/${kustomization.name}`}
          status="danger"
          icon
          mb="4"
          role="alert"
          data-testid="kratix-worker-blames-request"
          title={`${worker} could not apply this request's output`}
          description={`Kustomization ${kustomization.name}: ${
            kustomization.reason
          }. ${
            hit.carries
              ? `This request's output holds ${describeResourceId(
                  hit.carries,
                )}, which another request's output on ${destination} holds too; kustomize refuses the second one, so Flux applies nothing of this revision.`
              : `Flux names this request's output in its error, so it applies nothing of this revision.`
          } Its error is below.`}
        />
      ))}
      <Box className={classes.row}>
        <Typography variant="subtitle2">Destination Ready</Typography>
        <StateStatus state={dest.ready} />
        <Typography variant="body2" color="textSecondary">
          {dest.readyReason ? `${dest.readyReason}: ` : ''}
          {dest.readyMessage ?? ''}
        </Typography>
      </Box>
      <Typography variant="caption" color="textSecondary" component="p">
        Ready means Kratix could write to the Destination's state store; whether
        the worker applied it is what Flux says below.
      </Typography>
      <PartialErrors errors={health.errors} />
      {health.message && (
        <Typography variant="body2" color="textSecondary">
          {health.message}
        </Typography>
      )}
      {health.workers.map(worker => (
        <Box key={worker.cluster} className={classes.worker}>
          <Box className={classes.row}>
            <Typography variant="subtitle1">
              Worker cluster {worker.cluster}
            </Typography>
            <StateStatus state={workerState(worker)} />
          </Box>
          <Typography variant="subtitle2">Kustomizations</Typography>
          <FluxTable
            label="Kustomizations"
            objects={worker.kustomizations}
            platform={platform}
            links={links}
          />
          <Box mt={2}>
            <Typography variant="subtitle2">Sources</Typography>
            <FluxTable
              label="Sources"
              objects={worker.sources}
              platform={platform}
              links={links}
            />
          </Box>
        </Box>
      ))}
    </InfoCard>
  );
};
