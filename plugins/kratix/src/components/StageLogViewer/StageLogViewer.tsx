import { Progress, WarningPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kratixLogsReadPermission,
  type LogsUnavailable,
  type PipelineState,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import GetApp from '@material-ui/icons/GetApp';
import Refresh from '@material-ui/icons/Refresh';
import { useState } from 'react';
import { kratixApiRef, type KratixStageLogRef } from '../../api';
import { countLines, LogLines } from './LogLines';
import { useStageLog } from './useStageLog';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  grow: { flex: 1 },
  status: { marginTop: theme.spacing(0.5) },
}));

const TAILS = [100, 500, 1000, 0];

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

const StageLogPanel = (props: {
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
  const [query, setQuery] = useState('');
  const [reload, setReload] = useState(0);
  const log = useStageLog(logRef, {
    tailLines: tail || undefined,
    follow,
    reload,
  });
  const counts = countLines(log.text, query);

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
  else if (log.status === 'complete')
    status =
      running && !follow
        ? 'Log as of now: the stage is still running, turn on Follow to see new lines.'
        : 'End of log: the stage has finished.';
  else status = '';

  return (
    <Box>
      <Box className={classes.toolbar}>
        <TextField
          select
          size="small"
          label="Tail"
          value={tail}
          onChange={e => setTail(Number(e.target.value))}
          inputProps={{ 'aria-label': 'Lines to show' }}
        >
          {TAILS.map(n => (
            <MenuItem key={n} value={n}>
              {n ? `Last ${n} lines` : 'All lines'}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={
            <Switch
              checked={follow}
              onChange={e => setFollow(e.target.checked)}
              color="primary"
            />
          }
          label="Follow"
        />
        <TextField
          size="small"
          label="Search"
          value={query}
          onChange={e => setQuery(e.target.value)}
          inputProps={{ 'aria-label': 'Search the log' }}
        />
        {query && (
          <Typography variant="body2" color="textSecondary">
            {counts.matching} of {counts.total} lines match
          </Typography>
        )}
        <span className={classes.grow} />
        <Button
          size="small"
          startIcon={<Refresh />}
          onClick={() => setReload(r => r + 1)}
        >
          Reload
        </Button>
        <Button size="small" startIcon={<GetApp />} onClick={download}>
          Download
        </Button>
      </Box>
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
          {log.status === 'loading' && !log.text ? (
            <Progress />
          ) : (
            <LogLines text={log.text} query={query} />
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

/**
 * The log of one pipeline stage: tail, follow (streamed while the stage runs), search,
 * download. Needs the `kratix.logs.read` permission.
 */
export const StageLogViewer = (props: {
  logRef: KratixStageLogRef;
  stageState: PipelineState;
}) => {
  const { logRef, stageState } = props;
  const permission = usePermission({ permission: kratixLogsReadPermission });
  if (permission.loading) return <Progress />;
  if (!permission.allowed) {
    return (
      <WarningPanel
        defaultExpanded
        severity="info"
        title="You do not have permission to read pipeline logs"
      >
        <Typography variant="body2">
          Reading the logs of pipeline stages needs the kratix.logs.read
          permission, separate from seeing their status: logs can hold more than
          status does. Ask your Backstage administrator for it.
        </Typography>
      </WarningPanel>
    );
  }
  if (stageState === 'pending') {
    return (
      <Typography variant="body2" color="textSecondary">
        Stage {logRef.container} has not started yet: its log appears here, and
        is followed, as soon as it starts.
      </Typography>
    );
  }
  return (
    <StageLogPanel
      key={`${logRef.pod}/${logRef.container}`}
      logRef={logRef}
      running={stageState === 'running'}
    />
  );
};
