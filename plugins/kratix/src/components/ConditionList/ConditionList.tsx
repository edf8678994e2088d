import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import type { KratixCondition } from '@kratix-backstage/plugin-kratix-common';
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
  message: { marginTop: theme.spacing(1) },
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
 * message on hover. Messages of conditions that fail are also written out below.
 */
export const ConditionList = ({
  conditions,
}: {
  conditions: KratixCondition[];
}) => {
  const classes = useStyles();
  if (!conditions.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No conditions reported yet.
      </Typography>
    );
  }
  const troubled = conditions.filter(
    c => c.status === 'False' && !IN_PROGRESS.has(c.reason ?? '') && c.message,
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
      {troubled.map(c => (
        <Typography key={c.type} variant="body2" className={classes.message}>
          <strong>{humanize(c.type)}:</strong> {c.message}
        </Typography>
      ))}
    </>
  );
};
