import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import HelpOutline from '@material-ui/icons/HelpOutline';
import type { KratixCondition } from '@kratix-backstage/plugin-kratix-common';
import { formatTime } from '../../lib/format';
import { humanize } from './humanize';

const useStyles = makeStyles(theme => {
  const status = (theme.palette as any).status ?? {};
  return {
    list: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
    chip: { maxWidth: '100%', height: 'auto', minHeight: 24 },
    label: { whiteSpace: 'normal', padding: theme.spacing(0.25, 1) },
    True: { borderColor: status.ok ?? theme.palette.success.main },
    False: { borderColor: status.error ?? theme.palette.error.main },
    Unknown: { borderColor: status.warning ?? theme.palette.warning.main },
    iconTrue: { color: status.ok ?? theme.palette.success.main },
    iconFalse: { color: status.error ?? theme.palette.error.main },
    iconUnknown: { color: status.warning ?? theme.palette.warning.main },
    reason: {
      color: theme.palette.text.secondary,
      marginLeft: theme.spacing(0.5),
    },
    message: { marginTop: theme.spacing(1) },
  };
});

/** Reasons Kratix gives a False condition while work is still in progress, not failing. */
const IN_PROGRESS = new Set([
  'PipelinesInProgress',
  'WorkflowPending',
  'WorksPending',
  'UpgradeInProgress',
  'Unpaused',
]);

const ICONS = {
  True: CheckCircleOutline,
  False: ErrorOutline,
  Unknown: HelpOutline,
};

/**
 * Status conditions as chips: the condition, its reason, and its message on hover.
 * Messages of conditions that are not True are also written out below the chips.
 */
export const ConditionChips = ({
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
          const status =
            c.status in ICONS && !IN_PROGRESS.has(c.reason ?? '')
              ? c.status
              : 'Unknown';
          const Icon = ICONS[status];
          return (
            <Tooltip
              key={c.type}
              title={`${c.message ?? 'No message'}${
                c.lastTransitionTime
                  ? ` (since ${formatTime(c.lastTransitionTime)})`
                  : ''
              }`}
            >
              <Chip
                role="listitem"
                variant="outlined"
                size="small"
                className={`${classes.chip} ${classes[status]}`}
                classes={{ label: classes.label }}
                icon={<Icon className={classes[`icon${status}`]} />}
                label={
                  <span>
                    {humanize(c.type)}
                    {c.reason && (
                      <span className={classes.reason}>· {c.reason}</span>
                    )}
                  </span>
                }
                aria-label={`${c.type} ${c.status}${
                  c.reason ? `: ${c.reason}` : ''
                }`}
              />
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
