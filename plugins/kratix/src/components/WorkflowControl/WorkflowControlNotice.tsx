import type {
  KratixOperation,
  WorkflowControlState,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { KratixOperationTarget } from '../../api';
import { formatRelative, formatTime } from '../../lib/format';
import { ResumeWorkflowButton } from '../OperationButtons';
import { StateStatus } from '../StateStatus';

const useStyles = makeStyles(theme => ({
  box: {
    padding: theme.spacing(1.5),
    border: `1px solid ${theme.palette.warning.main}`,
    borderRadius: theme.shape.borderRadius,
    marginTop: theme.spacing(2),
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  message: { margin: theme.spacing(1, 0), overflowWrap: 'anywhere' },
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
}));

/**
 * A workflow a pipeline stage paused through `/kratix/metadata/workflow-control.yaml`:
 * suspended (until someone resumes it) or waiting to retry (Kratix runs it again at
 * the time shown), with the stage's message verbatim, the attempts so far, and
 * "Resume workflow" for users who may re-run.
 */
export const WorkflowControlNotice = (props: {
  control: WorkflowControlState;
  target: KratixOperationTarget;
  onOperation?: (operation: KratixOperation) => void;
}) => {
  const { control, target } = props;
  const classes = useStyles();
  const waiting = control.state === 'waiting-to-retry';
  const now = Date.now();
  return (
    <Box
      className={classes.box}
      role="region"
      aria-label="Workflow control"
      data-testid="kratix-workflow-control"
    >
      <Box className={classes.row}>
        <StateStatus
          state={control.state}
          label={waiting ? 'Waiting to retry' : 'Suspended'}
        />
        <Typography variant="body2">
          The {control.workflow} workflow, at pipeline{' '}
          <span className={classes.mono}>{control.pipeline}</span>
          {waiting
            ? ': a stage asked Kratix to run it again later.'
            : ': a stage suspended it until someone resumes it.'}
        </Typography>
      </Box>
      <Typography
        variant="body2"
        className={classes.message}
        data-testid="kratix-workflow-control-message"
      >
        {control.message ?? 'The stage gave no message.'}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {control.attempts !== undefined && `Attempt ${control.attempts}`}
        {control.attempts !== undefined && control.nextRetryAt && ' · '}
        {control.nextRetryAt &&
          `Next retry ${formatRelative(control.nextRetryAt, now)} (${formatTime(
            control.nextRetryAt,
          )})`}
        {control.suspendedGeneration !== undefined &&
          ` · suspended at generation ${control.suspendedGeneration}`}
      </Typography>
      <Box mt={1}>
        <ResumeWorkflowButton target={target} onDone={props.onOperation} />
      </Box>
    </Box>
  );
};
