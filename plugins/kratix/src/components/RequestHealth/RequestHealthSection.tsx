import type { RequestHealth } from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatRelative, formatTime } from '../../lib/format';
import { StateStatus } from '../StateStatus';
import { HealthDetails } from './HealthDetails';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: theme.spacing(1, 0, 0), padding: 0 },
  record: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    padding: theme.spacing(0.5, 1),
    marginBottom: theme.spacing(1),
  },
  mono: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

/**
 * A request's health: Kratix's roll-up (the worst of its records), then each
 * HealthRecord with its state, when it last ran and what it reported.
 */
export const RequestHealthSection = ({
  health,
}: {
  health?: RequestHealth;
}) => {
  const classes = useStyles();
  if (!health) {
    return (
      <Typography variant="body2" color="textSecondary">
        No health checks report on this request (no HealthRecords).
      </Typography>
    );
  }
  const now = Date.now();
  return (
    <>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <span data-testid="kratix-request-health">
          <StateStatus state={health.state} />
        </span>
        <Typography variant="caption" color="textSecondary">
          {health.source === 'status'
            ? "Kratix's roll-up of the request's health records"
            : 'The worst of the HealthRecords (Kratix has not rolled them up yet)'}
        </Typography>
      </Box>
      {health.records.length > 0 && (
        // A list, not a table: the status card is narrow, and a record's details can be
        // long. Each record: its state, when it last ran and which HealthRecord, then
        // what it reported.
        <ul aria-label="Health records" className={classes.list}>
          {health.records.map(r => (
            <li
              key={`${r.namespace ?? ''}/${r.name ?? ''}/${r.lastRun ?? ''}`}
              className={classes.record}
            >
              <Box
                display="flex"
                flexWrap="wrap"
                alignItems="center"
                style={{ gap: 8 }}
              >
                <StateStatus state={r.state} />
                <Typography variant="caption" color="textSecondary">
                  {r.lastRun ? (
                    <Tooltip title={formatTime(r.lastRun)}>
                      <span>ran {formatRelative(r.lastRun, now)}</span>
                    </Tooltip>
                  ) : (
                    'not run yet'
                  )}
                </Typography>
                {r.name && (
                  <Typography variant="caption" className={classes.mono}>
                    {r.namespace ? `${r.namespace}/` : ''}
                    {r.name}
                  </Typography>
                )}
              </Box>
              <HealthDetails details={r.details} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
