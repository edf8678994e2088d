import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { type StateTone, stateTone } from './stateTone';

const useStyles = makeStyles(theme => {
  const status = (theme.palette as any).status ?? {};
  const tone = (color: string) => ({
    color,
    borderColor: color,
    fontWeight: 600,
  });
  return {
    ok: tone(status.ok ?? theme.palette.success.main),
    running: tone(status.running ?? theme.palette.info.main),
    pending: tone(status.warning ?? theme.palette.warning.main),
    error: tone(status.error ?? theme.palette.error.main),
    neutral: tone(theme.palette.text.secondary),
  } satisfies Record<StateTone, object>;
});

/** A state (`ready`, `running`, `failed`, `True`, ...) as a coloured chip. */
export const StateChip = (props: { state?: string; label?: string }) => {
  const classes = useStyles();
  const state = props.state ?? 'unknown';
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes[stateTone(state)]}
      label={props.label ?? state}
    />
  );
};
