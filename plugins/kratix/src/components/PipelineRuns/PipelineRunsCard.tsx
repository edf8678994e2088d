import { InfoCard } from '@backstage/core-components';
import type {
  PartialResult,
  PipelineRun,
} from '@kratix-backstage/plugin-kratix-common';
import Typography from '@material-ui/core/Typography';
import { DemoDataChip } from '../DemoDataChip';
import { PartialErrors } from '../KratixErrorPanel';
import { PipelineRunItem } from './PipelineRunItem';

const started = (run: PipelineRun) =>
  Date.parse(run.createdAt ?? run.startedAt ?? '') || 0;

/**
 * Pipeline runs, newest first; the newest is open with its stages. Picking a stage
 * shows its log.
 */
export const PipelineRunsCard = (props: {
  runs: PartialResult<PipelineRun>;
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
