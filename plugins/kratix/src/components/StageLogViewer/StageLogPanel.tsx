import { LogViewer, Progress, WarningPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type { LogsUnavailable } from '@kratix-backstage/plugin-kratix-common';
import { BgProvider, Button, Flex, Select, Switch } from '@backstage/ui';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Refresh from '@material-ui/icons/Refresh';
import { useMemo, useState } from 'react';
import { kratixApiRef, type KratixStageLogRef } from '../../api';
import { formatTime } from '../../lib/format';
import { useStageLog } from './useStageLog';

/** The viewer's own sizes (core-components' LogViewer): its header and its rows. */
const HEADER_PX = 40;
const LINE_PX = 20;
const MAX_LINES_SHOWN = 24;

const useStyles = makeStyles(theme => ({
  // BUI's styles sit in CSS layers: these plain rules win over them.
  toolbar: { flexWrap: 'wrap' },
  tail: { flex: 'none', width: '10.5rem' },
  reload: { marginLeft: 'auto' },
  icon: { fontSize: '1rem' },
  viewer: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
  },
  status: { marginTop: theme.spacing(0.5) },
  archived: { marginBottom: theme.spacing(1) },
}));

const TAILS = [100, 500, 1000, 0];
const TAIL_OPTIONS = TAILS.map(n => ({
  id: String(n),
  label: n ? `Last ${n} lines` : 'All lines',
}));

const UNAVAILABLE: Record<LogsUnavailable['reason'], string> = {
  'container-not-started': 'This stage has not run.',
  'pod-gone':
    'The Pod is gone: Kratix keeps only the last Jobs of each pipeline, and its Pods may have been cleaned up.',
  'kubelet-unreachable':
    "The platform's API server could not reach the node's kubelet to read the log.",
  forbidden:
    "The platform's credentials may not read Pod logs (pods/log): ask a platform engineer to grant it.",
  unreachable: "The platform's API server did not answer.",
  unknown: 'The log could not be read.',
};

/** How many lines `text` has, counting no further than `max`. */
function linesUpTo(text: string, max: number): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0 && lines <= max; ) {
    if (at < text.length - 1) lines += 1;
    at = text.indexOf('\n', at + 1);
  }
  return lines;
}

/**
 * The log of a stage that has started: its tail and follow controls around
 * core-components' `LogViewer` (windowed, ANSI colours, search, download).
 */
export const StageLogPanel = (props: {
  logRef: KratixStageLogRef;
  running: boolean;
}) => {
  const { logRef, running } = props;
  const classes = useStyles();
  const api = useApi(kratixApiRef);
  const alertApi = useApi(alertApiRef);
  const [tail, setTail] = useState(500);
  // Follows by default while the stage runs; stays on when it ends (the stream ends too).
  const [follow, setFollow] = useState(running);
  const [reload, setReload] = useState(0);
  const log = useStageLog(logRef, {
    tailLines: tail || undefined,
    follow,
    reload,
  });
  // As tall as the log, up to MAX_LINES_SHOWN lines: the viewer fills the box it is given.
  const lines = useMemo(() => linesUpTo(log.text, MAX_LINES_SHOWN), [log.text]);
  const height = HEADER_PX + (lines + 1) * LINE_PX;

  const download = async () => {
    try {
      const { filename, blob } = await api.downloadStageLog(logRef);
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = filename;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      alertApi.post({
        message: `Could not download the log of ${logRef.container}: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
    }
  };

  let status: string;
  if (log.status === 'following')
    status = 'Following: new lines appear as the stage writes them…';
  else if (log.status === 'loading') status = 'Loading…';
  else if (!log.text) status = 'The stage wrote nothing to its log.';
  else
    status =
      running && !follow
        ? 'Log as of now: the stage is still running, turn on Follow to see new lines.'
        : 'End of log: the stage has finished.';

  return (
    <Box>
      {/* The controls sit on the card's surface: BUI's first neutral background. */}
      <BgProvider bg="neutral-1">
        <Flex align="center" gap="4" mb="2" className={classes.toolbar}>
          <Select
            className={classes.tail}
            aria-label="Lines to show"
            selectionMode="single"
            options={TAIL_OPTIONS}
            value={String(tail)}
            onChange={key => key !== null && setTail(Number(key))}
          />
          <Switch label="Follow" isSelected={follow} onChange={setFollow} />
          <Button
            variant="secondary"
            iconStart={<Refresh className={classes.icon} />}
            onPress={() => setReload(r => r + 1)}
            className={classes.reload}
          >
            Reload
          </Button>
        </Flex>
      </BgProvider>
      {log.archivedAt && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="kratix-log-archived"
          className={classes.archived}
        >
          Archived {formatTime(log.archivedAt)} (the Pod is gone)
        </Typography>
      )}
      {log.status === 'unavailable' && log.unavailable && (
        <WarningPanel defaultExpanded severity="info" title="No log to show">
          <Typography variant="body2">
            {UNAVAILABLE[log.unavailable.reason] ?? UNAVAILABLE.unknown} (
            {log.unavailable.message})
          </Typography>
        </WarningPanel>
      )}
      {log.status === 'error' && log.error && (
        <WarningPanel
          defaultExpanded
          severity={log.error.name === 'NotAllowedError' ? 'info' : 'error'}
          title="Could not read the log"
        >
          <Typography variant="body2">{log.error.message}</Typography>
        </WarningPanel>
      )}
      {log.status !== 'unavailable' && log.status !== 'error' && (
        <>
          {log.status === 'loading' && !log.text && <Progress />}
          {(log.text || log.status === 'following') && (
            <Box
              className={classes.viewer}
              style={{ height }}
              data-testid="kratix-log-lines"
            >
              <LogViewer text={log.text} onDownloadLog={download} />
            </Box>
          )}
          <Typography
            variant="caption"
            color="textSecondary"
            component="p"
            className={classes.status}
            data-testid="kratix-log-status"
          >
            {status}
          </Typography>
        </>
      )}
    </Box>
  );
};
