import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import {
  conditionHint,
  type ConditionSubject,
  type KratixCondition,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatTime } from '../../lib/format';
import { humanize } from './humanize';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1),
  },
  reason: {
    color: theme.palette.text.secondary,
    fontWeight: 'normal',
    marginLeft: theme.spacing(0.5),
    overflowWrap: 'anywhere',
  },
  message: { marginTop: theme.spacing(1), overflowWrap: 'anywhere' },
  hint: { color: theme.palette.text.secondary },
}));

/** Reasons Kratix gives a False condition while work is still in progress, not failing. */
const IN_PROGRESS = new Set([
  'PipelinesInProgress',
  'WorkflowPending',
  'WorksPending',
  'UpgradeInProgress',
  'Unpaused',
]);

/** True reads as OK, False as an error, unless Kratix is still at it: then pending. */
function statusOf(c: KratixCondition) {
  if (IN_PROGRESS.has(c.reason ?? '')) return StatusPending;
  if (c.status === 'True') return StatusOK;
  if (c.status === 'False') return StatusError;
  return StatusPending;
}

/**
 * Status conditions with Backstage's status icons: the condition, its reason, and its
 * message on hover. Conditions that fail, or that Kratix holds at Unknown for a reason
 * (a pause, a suspended workflow), are also written out below: Kratix's reason and
 * message verbatim, then one line on what to do next ({@link conditionHint}).
 */
export const ConditionList = ({
  conditions,
  subject = 'request',
}: {
  conditions: KratixCondition[];
  /** What the conditions were read from: the next step depends on it. */
  subject?: ConditionSubject;
}) => {
  const classes = useStyles();
  if (!conditions.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No conditions reported yet.
      </Typography>
    );
  }
  const troubled = conditions
    .map(c => ({ c, hint: conditionHint(c, subject) }))
    .filter(
      ({ c, hint }) =>
        hint ||
        (c.status === 'False' && !IN_PROGRESS.has(c.reason ?? '') && c.message),
    );
  return (
    <>
      <Box className={classes.list} role="list" aria-label="Conditions">
        {conditions.map(c => {
          const Status = statusOf(c);
          return (
            <Tooltip
              key={c.type}
              title={`${c.message ?? 'No message'}${
                c.lastTransitionTime
                  ? ` (since ${formatTime(c.lastTransitionTime)})`
                  : ''
              }`}
            >
              <div
                role="listitem"
                aria-label={`${c.type} ${c.status}${
                  c.reason ? `: ${c.reason}` : ''
                }`}
              >
                <Status>
                  <span>
                    {humanize(c.type)}
                    {c.reason && (
                      <span className={classes.reason}>· {c.reason}</span>
                    )}
                  </span>
                </Status>
              </div>
            </Tooltip>
          );
        })}
      </Box>
      {troubled.map(({ c, hint }) => (
        <Box
          key={c.type}
          className={classes.message}
          data-testid="kratix-condition-explained"
        >
          <Typography variant="body2">
            <strong>{humanize(c.type)}:</strong>
            {c.reason && <code> {c.reason}</code>}
            {c.message && <> · {c.message}</>}
          </Typography>
          {hint && (
            <Typography variant="body2" className={classes.hint}>
              What to do: {hint}
            </Typography>
          )}
        </Box>
      ))}
    </>
  );
};
