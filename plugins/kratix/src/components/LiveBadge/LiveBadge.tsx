import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import FiberManualRecord from '@material-ui/icons/FiberManualRecord';
import { LIVE_REFRESH_MS } from '../../hooks/usePolledAsync';

/** Says the view refreshes by itself, while something in it is still running. */
export const LiveBadge = ({ live }: { live: boolean }) => {
  if (!live) return null;
  return (
    <Tooltip title="Something here is still running: this view refreshes by itself until it is done.">
      <Chip
        size="small"
        color="primary"
        icon={<FiberManualRecord fontSize="small" />}
        label={`Live · refreshing every ${LIVE_REFRESH_MS / 1000} s`}
        data-testid="kratix-live"
      />
    </Tooltip>
  );
};
