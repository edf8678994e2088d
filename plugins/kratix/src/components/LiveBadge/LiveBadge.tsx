import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import FiberManualRecord from '@material-ui/icons/FiberManualRecord';
import { LIVE_REFRESH_MS } from '../../hooks/usePolledAsync';

/**
 * Says the view follows something still running, and how: changes pushed by the backend
 * (Backstage signals), or, in an app without signals, polling.
 */
export const LiveBadge = ({
  live,
  pushed = false,
}: {
  live: boolean;
  /** True when the view refetches on the backend's signals instead of polling. */
  pushed?: boolean;
}) => {
  if (!live) return null;
  return (
    <Tooltip
      title={
        pushed
          ? 'Something here is still running: the backend pushes each change, and this view shows it within seconds.'
          : 'Something here is still running: this view refreshes by itself until it is done (this app has no Backstage signals, so it polls).'
      }
    >
      <Chip
        size="small"
        color="primary"
        icon={<FiberManualRecord fontSize="small" />}
        label={
          pushed
            ? 'Live · pushed'
            : `Live · refreshing every ${LIVE_REFRESH_MS / 1000} s`
        }
        data-testid="kratix-live"
      />
    </Tooltip>
  );
};
