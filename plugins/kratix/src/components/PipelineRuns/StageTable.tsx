import type {
  PipelineRun,
  PipelineStage,
} from '@kratix-backstage/plugin-kratix-common';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { formatDuration } from '../../lib/format';
import { KratixTable, type KratixTableColumn } from '../KratixTable';
import { StateStatus } from '../StateStatus';

const useStyles = makeStyles(theme => ({
  mono: {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    fontWeight: 600,
  },
  image: {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    wordBreak: 'break-all',
  },
  origin: { color: theme.palette.text.secondary },
}));

/**
 * The stages of a run in the order Kratix runs them: `reader`, the Promise's own
 * stages, `work-writer`, `status-writer`.
 */
export const StageTable = (props: {
  run: PipelineRun;
  selected?: string;
  onSelect: (stage: PipelineStage) => void;
}) => {
  const { run, selected, onSelect } = props;
  const classes = useStyles();
  const theme = useTheme();
  if (!run.stages.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {run.pod
          ? 'The Pod of this run reports no stages.'
          : 'No Pod for this run (yet, or any more): its stages are not known.'}
      </Typography>
    );
  }
  const columns: KratixTableColumn<PipelineStage>[] = [
    { title: '#', compact: true, render: s => run.stages.indexOf(s) + 1 },
    {
      title: 'Stage',
      render: stage => (
        <>
          <span className={classes.mono}>{stage.name}</span>
          <Typography
            variant="caption"
            className={classes.origin}
            component="div"
          >
            {stage.origin === 'kratix' ? 'added by Kratix' : "Promise's stage"}
            {stage.image && (
              <>
                {' · '}
                <span className={classes.image}>{stage.image}</span>
              </>
            )}
          </Typography>
        </>
      ),
    },
    {
      title: 'State',
      compact: true,
      render: stage => (
        <>
          <StateStatus state={stage.state} />
          {stage.restartCount > 0 && (
            <Typography variant="caption" component="div">
              restarted {stage.restartCount}×
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Duration',
      compact: true,
      render: stage =>
        stage.state === 'running' && stage.startedAt
          ? `${formatDuration(Date.now() - Date.parse(stage.startedAt))} so far`
          : formatDuration(stage.durationMs),
    },
    { title: 'Exit code', compact: true, render: s => s.exitCode ?? '–' },
    {
      title: 'Reason',
      compact: true,
      render: stage =>
        stage.message ? (
          <Tooltip title={stage.message}>
            <span>{stage.reason ?? 'message'}</span>
          </Tooltip>
        ) : (
          stage.reason ?? '–'
        ),
    },
    {
      title: 'Log',
      align: 'right',
      compact: true,
      render: stage =>
        run.pod && (
          <Button
            size="small"
            color="primary"
            variant={selected === stage.name ? 'contained' : 'text'}
            onClick={() => onSelect(stage)}
            aria-label={`Log of ${stage.name}`}
          >
            {stage.state === 'running' ? 'Follow log' : 'Log'}
          </Button>
        ),
    },
  ];
  return (
    <KratixTable
      label={`Stages of ${run.name}`}
      columns={columns}
      data={run.stages}
      rowKey={stage => stage.name}
      rowTestId={stage => `stage-${stage.name}`}
      rowStyle={stage =>
        stage.name === selected
          ? { backgroundColor: theme.palette.action.selected }
          : {}
      }
    />
  );
};
