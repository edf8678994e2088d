import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';

/** Asks before deleting a request: deleting runs its delete workflow and removes its Works. */
export const ConfirmDeleteDialog = (props: {
  open: boolean;
  what: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) => (
  <Dialog
    open={props.open}
    onClose={props.onCancel}
    aria-labelledby="kratix-delete-title"
  >
    <DialogTitle id="kratix-delete-title">Delete {props.what}?</DialogTitle>
    <DialogContent>
      <DialogContentText>
        Kratix runs the Promise's delete workflow, if it has one, then removes
        the request and its Works: whatever was scheduled to Destinations is
        removed from their state stores, and the workers delete it. This cannot
        be undone.
      </DialogContentText>
    </DialogContent>
    <DialogActions>
      <Button onClick={props.onCancel} disabled={props.busy}>
        Cancel
      </Button>
      <Button
        onClick={props.onConfirm}
        color="secondary"
        variant="contained"
        disabled={props.busy}
      >
        Delete
      </Button>
    </DialogActions>
  </Dialog>
);
