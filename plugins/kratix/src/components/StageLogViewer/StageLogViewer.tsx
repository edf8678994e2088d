import { Progress, WarningPanel } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kratixLogsReadPermission,
  type PipelineState,
} from '@kratix-backstage/plugin-kratix-common';
import Typography from '@material-ui/core/Typography';
import type { KratixRequestRef, KratixStageLogRef } from '../../api';
import { permissionResourceRef } from '../OperationButtons/permissionResourceRef';
import { StageLogPanel } from './StageLogPanel';

/**
 * The log of one pipeline stage, in core-components' `LogViewer`: tail, follow (streamed
 * while the stage runs), search, download. Needs the `kratix.logs.read` permission on
 * the request the pipeline ran for (`request`; without one, a Promise's pipeline: an
 * unconditional allow).
 */
export const StageLogViewer = (props: {
  logRef: KratixStageLogRef;
  stageState: PipelineState;
  /** The request whose pipeline ran, when it is a request's. */
  request?: KratixRequestRef;
  /** The Promise whose pipeline ran, when it is a Promise's. */
  promise?: string;
}) => {
  const { logRef, stageState, request } = props;
  const permission = usePermission({
    permission: kratixLogsReadPermission,
    resourceRef: permissionResourceRef(
      request
        ? { kind: 'request', ...request }
        : {
            kind: 'promise',
            platform: logRef.platform,
            name: props.promise ?? '',
          },
    ),
  });
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
