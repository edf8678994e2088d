import { InfoCard } from '@backstage/core-components';
import type { Destination } from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ConditionList } from '../ConditionList';
import { DemoDataChip } from '../DemoDataChip';
import { KeyValueTable } from '../KeyValueTable';
import { StateStatus } from '../StateStatus';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  section: { marginTop: theme.spacing(2) },
}));

/** A Destination's readiness, labels and state store. */
export const DestinationSummaryCard = ({
  destination,
}: {
  destination: Destination;
}) => {
  const classes = useStyles();
  const store = destination.stateStore;
  return (
    <InfoCard
      title={`Destination ${destination.name}`}
      subheader={`On platform ${destination.platform}`}
      action={<DemoDataChip demo={destination.demo} />}
    >
      <Box className={classes.row}>
        <Typography variant="subtitle2">Ready</Typography>
        <StateStatus state={destination.ready} />
        <Typography variant="body2">
          {destination.readyReason ? `${destination.readyReason}: ` : ''}
          {destination.readyMessage ?? ''}
        </Typography>
      </Box>
      <Box className={`${classes.row} ${classes.section}`}>
        <Typography variant="subtitle2">Labels</Typography>
        {Object.entries(destination.labels).length ? (
          Object.entries(destination.labels).map(([k, v]) => (
            <Chip key={k} size="small" label={`${k}=${v}`} />
          ))
        ) : (
          <Typography variant="body2" color="textSecondary">
            none
          </Typography>
        )}
      </Box>
      <Box className={classes.section}>
        <KeyValueTable
          label="Destination settings"
          emptyMessage=""
          values={{
            Path: destination.path ?? '–',
            'File layout': destination.filepathMode,
            'Strict label matching': destination.strictMatchLabels
              ? 'yes'
              : 'no',
            'Worker clusters': destination.workers.length
              ? destination.workers.join(', ')
              : 'none configured in Backstage',
          }}
        />
      </Box>
      <Box className={classes.section}>
        <Typography variant="subtitle2" gutterBottom>
          Conditions
        </Typography>
        <ConditionList
          conditions={destination.conditions}
          subject="destination"
        />
      </Box>
      <Box className={classes.section}>
        <Box className={classes.row}>
          <Typography variant="subtitle2">State store</Typography>
          {store && (
            <StateStatus
              state={store.found ? store.ready ?? 'Unknown' : 'False'}
            />
          )}
        </Box>
        {store ? (
          <KeyValueTable
            label="State store"
            emptyMessage=""
            values={{
              Kind: store.kind,
              Name: store.name,
              ...(store.url ? { URL: store.url } : {}),
              ...(store.branch ? { Branch: store.branch } : {}),
              ...(store.bucketName ? { Bucket: store.bucketName } : {}),
              ...(store.path ? { Path: store.path } : {}),
              Status: store.found
                ? store.message ?? '–'
                : 'not found on the platform',
            }}
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            The Destination names no state store.
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
};
