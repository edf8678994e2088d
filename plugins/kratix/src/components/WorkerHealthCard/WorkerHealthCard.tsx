import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { kratixApiRef } from '../../api';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { usePolledAsync } from '../../hooks/usePolledAsync';
import { DemoDataChip } from '../DemoDataChip';
import { KratixErrorPanel, PartialErrors } from '../KratixErrorPanel';
import { StateChip, workerState } from '../StateChip';
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
  return (
    <InfoCard
      title={title}
      subheader="Kratix's view of the Destination, then Flux's view on each worker cluster serving it."
      action={<DemoDataChip demo={health.demo} />}
    >
      <Box className={classes.row}>
        <Typography variant="subtitle2">Destination Ready</Typography>
        <StateChip state={dest.ready} />
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
            <StateChip state={workerState(worker)} />
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
