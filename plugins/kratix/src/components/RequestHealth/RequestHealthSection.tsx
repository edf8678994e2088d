import type { RequestHealth } from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { formatRelative, formatTime } from '../../lib/format';
import { KratixTable } from '../KratixTable';
import { StateStatus } from '../StateStatus';
import { HealthDetails } from './HealthDetails';

/**
 * A request's health: Kratix's roll-up (the worst of its records), then each
 * HealthRecord with its state, when it last ran and what it reported.
 */
export const RequestHealthSection = ({
  health,
}: {
  health?: RequestHealth;
}) => {
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
        <KratixTable
          label="Health records"
          data={health.records}
          rowKey={r =>
            `${r.namespace ?? ''}/${r.name ?? ''}/${r.lastRun ?? ''}`
          }
          columns={[
            {
              title: 'State',
              compact: true,
              render: r => <StateStatus state={r.state} />,
            },
            {
              title: 'Last run',
              compact: true,
              render: r =>
                r.lastRun ? (
                  <Tooltip title={formatTime(r.lastRun)}>
                    <span>{formatRelative(r.lastRun, now)}</span>
                  </Tooltip>
                ) : (
                  '–'
                ),
            },
            {
              title: 'Record',
              compact: true,
              render: r =>
                r.name
                  ? `${r.namespace ? `${r.namespace}/` : ''}${r.name}`
                  : '–',
            },
            {
              title: 'Details',
              render: r => <HealthDetails details={r.details} />,
            },
          ]}
        />
      )}
    </>
  );
};
