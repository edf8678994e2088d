import { usePermission } from '@backstage/plugin-permission-react';
import {
  kratixRerunPermission,
  type KratixOperation,
} from '@kratix-backstage/plugin-kratix-common';
import Button from '@material-ui/core/Button';
import PlayArrow from '@material-ui/icons/PlayArrow';
import type { KratixOperationTarget } from '../../api';
import { permissionResourceRef } from './permissionResourceRef';
import { useRunOperation } from './useRunOperation';

/**
 * "Resume workflow": lifts a suspension a pipeline stage asked for (removes
 * `kratix.io/workflow-suspended`). Shown only to users who may re-run, as resuming
 * runs the workflow again.
 */
export const ResumeWorkflowButton = (props: {
  target: KratixOperationTarget;
  onDone?: (operation: KratixOperation) => void;
}) => {
  const rerun = usePermission({
    permission: kratixRerunPermission,
    resourceRef: permissionResourceRef(props.target),
  });
  const { run, busy } = useRunOperation(props.target, props.onDone);
  if (!rerun.allowed) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      color="primary"
      startIcon={<PlayArrow />}
      disabled={!!busy}
      onClick={() => run('resume-workflow')}
    >
      Resume workflow
    </Button>
  );
};
