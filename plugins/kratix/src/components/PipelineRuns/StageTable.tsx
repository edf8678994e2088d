import type {
  PipelineRun,
  PipelineStage,
} from '@kratix-backstage/plugin-kratix-common';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatDuration } from '../../lib/format';
import { StateChip } from '../StateChip';

const useStyles = makeStyles(theme => ({
  mono: {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    fontWeight: 600,
  },
  image: {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    wordBreak: 'break-all',
  },
  nowrap: { whiteSpace: 'nowrap' },
  stage: { minWidth: 220 },
  origin: { color: theme.palette.text.secondary },
  selected: { backgroundColor: theme.palette.action.selected },
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
  if (!run.stages.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {run.pod
          ? 'The Pod of this run reports no stages.'
          : 'No Pod for this run (yet, or any more): its stages are not known.'}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Stages of ${run.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>#</TableCell>
          <TableCell className={classes.stage}>Stage</TableCell>
          <TableCell>State</TableCell>
          <TableCell className={classes.nowrap}>Duration</TableCell>
          <TableCell className={classes.nowrap}>Exit code</TableCell>
          <TableCell className={classes.nowrap}>Reason</TableCell>
          <TableCell align="right">Log</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {run.stages.map((stage, i) => (
          <TableRow
            key={stage.name}
            className={selected === stage.name ? classes.selected : undefined}
            data-testid={`stage-${stage.name}`}
          >
            <TableCell>{i + 1}</TableCell>
            <TableCell className={classes.stage}>
              <span className={classes.mono}>{stage.name}</span>
              <Typography
                variant="caption"
                className={classes.origin}
                component="div"
              >
                {stage.origin === 'kratix'
                  ? 'added by Kratix'
                  : "Promise's stage"}
                {stage.image && (
                  <>
                    {' · '}
                    <span className={classes.image}>{stage.image}</span>
                  </>
                )}
              </Typography>
            </TableCell>
            <TableCell>
              <StateChip state={stage.state} />
              {stage.restartCount > 0 && (
                <Typography variant="caption" component="div">
                  restarted {stage.restartCount}×
                </Typography>
              )}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {stage.state === 'running' && stage.startedAt
                ? `${formatDuration(
                    Date.now() - Date.parse(stage.startedAt),
                  )} so far`
                : formatDuration(stage.durationMs)}
            </TableCell>
            <TableCell>{stage.exitCode ?? '–'}</TableCell>
            <TableCell className={classes.nowrap}>
              {stage.message ? (
                <Tooltip title={stage.message}>
                  <span>{stage.reason ?? 'message'}</span>
                </Tooltip>
              ) : (
                stage.reason ?? '–'
              )}
            </TableCell>
            <TableCell align="right" className={classes.nowrap}>
              {run.pod && (
                <Button
                  size="small"
                  color="primary"
                  variant={selected === stage.name ? 'contained' : 'text'}
                  onClick={() => onSelect(stage)}
                  aria-label={`Log of ${stage.name}`}
                >
                  {stage.state === 'running' ? 'Follow log' : 'Log'}
                </Button>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
