import { InfoCard } from '@backstage/core-components';
import type {
  PipelineRun,
  PipelineRunsResponse,
  RunRetention,
} from '@kratix-backstage/plugin-kratix-common';
import Typography from '@material-ui/core/Typography';
import { DemoDataChip } from '../DemoDataChip';
import { PartialErrors } from '../KratixErrorPanel';
import { PipelineRunItem } from './PipelineRunItem';

const started = (run: PipelineRun) =>
  Date.parse(run.createdAt ?? run.startedAt ?? '') || 0;

/** Says plainly when Kratix has deleted (or is about to delete) older runs. */
const RetentionNote = ({ retention }: { retention: RunRetention }) => {
  const { prunedSeen, atLimit, keptPerPipeline } = retention;
  if (!prunedSeen && !atLimit.length) return null;
  const since = new Date(retention.watchingSince).toLocaleString();
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="kratix-runs-pruned"
      paragraph
    >
      Kratix keeps the newest {keptPerPipeline} runs of each pipeline and
      deletes older ones, with their Pods and logs.{' '}
      {prunedSeen > 0
        ? `${prunedSeen} older run${
            prunedSeen === 1 ? ' was' : 's were'
          } pruned (seen since ${since}).`
        : `Older runs of ${atLimit.join(
            ', ',
          )}, if there were any, were pruned.`}
    </Typography>
  );
};

/**
 * Pipeline runs, newest first; the newest is open with its stages. Picking a stage
 * shows its log.
 */
export const PipelineRunsCard = (props: {
  runs: PipelineRunsResponse;
  title?: string;
  /** What to say when there are no runs. */
  emptyMessage: string;
}) => {
  const { runs } = props;
  const sorted = [...runs.items].sort((a, b) => started(b) - started(a));
  return (
    <InfoCard
      title={props.title ?? 'Pipeline runs'}
      subheader="Newest first. Each run is a Job Kratix created; its stages run one after another."
      action={<DemoDataChip demo={runs.items.some(r => r.demo)} />}
    >
      <PartialErrors errors={runs.errors} />
      {runs.retention && <RetentionNote retention={runs.retention} />}
      {sorted.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {props.emptyMessage}
        </Typography>
      ) : (
        sorted.map((run, i) => (
          <PipelineRunItem
            key={`${run.namespace}/${run.name}`}
            run={run}
            defaultExpanded={i === 0}
          />
        ))
      )}
    </InfoCard>
  );
};
