import { usePermission } from '@backstage/plugin-permission-react';
import {
  kratixDeletePermission,
  kratixPausePermission,
  kratixRerunPermission,
  type KratixOperation,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Delete from '@material-ui/icons/Delete';
import Pause from '@material-ui/icons/Pause';
import PlayArrow from '@material-ui/icons/PlayArrow';
import Replay from '@material-ui/icons/Replay';
import { useState } from 'react';
import type { KratixOperationTarget } from '../../api';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
import { permissionResourceRef } from './permissionResourceRef';
import { describeTarget, useRunOperation } from './useRunOperation';

const useStyles = makeStyles(theme => ({
  row: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
}));

/**
 * Re-run, pause/resume and (for requests) delete, each shown only to users who hold its
 * permission on this request (on a Promise: unconditionally). Delete asks first.
 */
export const OperationButtons = (props: {
  target: KratixOperationTarget;
  paused: boolean;
  /** Called after an operation succeeded, with what it was. */
  onDone?: (operation: KratixOperation) => void;
}) => {
  const { target, paused, onDone } = props;
  const classes = useStyles();
  const resourceRef = permissionResourceRef(target);
  const rerun = usePermission({
    permission: kratixRerunPermission,
    resourceRef,
  });
  const pause = usePermission({
    permission: kratixPausePermission,
    resourceRef,
  });
  const remove = usePermission({
    permission: kratixDeletePermission,
    resourceRef,
  });
  const { run: runOperation, busy } = useRunOperation(target, onDone);
  const [confirming, setConfirming] = useState(false);

  const run = async (operation: KratixOperation) => {
    await runOperation(operation);
    setConfirming(false);
  };

  const canDelete = target.kind === 'request' && remove.allowed;
  if (!rerun.allowed && !pause.allowed && !canDelete) return null;
  return (
    <Box className={classes.row}>
      {rerun.allowed && (
        <Button
          size="small"
          variant="outlined"
          color="primary"
          startIcon={<Replay />}
          disabled={!!busy}
          onClick={() => run('rerun')}
        >
          Re-run
        </Button>
      )}
      {pause.allowed && (
        <Button
          size="small"
          variant="outlined"
          startIcon={paused ? <PlayArrow /> : <Pause />}
          disabled={!!busy}
          onClick={() => run(paused ? 'resume' : 'pause')}
        >
          {paused ? 'Resume' : 'Pause'}
        </Button>
      )}
      {canDelete && (
        <>
          <Button
            size="small"
            variant="outlined"
            color="secondary"
            startIcon={<Delete />}
            disabled={!!busy}
            onClick={() => setConfirming(true)}
          >
            Delete
          </Button>
          <ConfirmDeleteDialog
            open={confirming}
            what={describeTarget(target)}
            busy={busy === 'delete'}
            onCancel={() => setConfirming(false)}
            onConfirm={() => run('delete')}
          />
        </>
      )}
    </Box>
  );
};
