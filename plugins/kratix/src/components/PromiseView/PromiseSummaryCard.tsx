import { InfoCard } from '@backstage/core-components';
import type {
  KratixOperation,
  PromiseDetail,
  PromiseSummary,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ConditionList } from '../ConditionList';
import { DemoDataChip } from '../DemoDataChip';
import { OperationButtons } from '../OperationButtons';
import { PromiseTemplateButton } from '../PromiseTemplateButton';
import { StateStatus } from '../StateStatus';
import { WorkflowControlNotice } from '../WorkflowControl';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  section: { marginTop: theme.spacing(2) },
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
}));

const isDetail = (p: PromiseSummary | PromiseDetail): p is PromiseDetail =>
  'requiredPromises' in p;

/**
 * A Promise at a glance: availability, version, API kind, conditions, destination
 * selectors and requirements, the operations the user may run, and its Template.
 */
export const PromiseSummaryCard = (props: {
  promise: PromiseSummary | PromiseDetail;
  onOperation?: (operation: KratixOperation) => void;
}) => {
  const { promise } = props;
  const classes = useStyles();
  const target = {
    kind: 'promise' as const,
    platform: promise.platform,
    name: promise.name,
  };
  return (
    <InfoCard
      title={`Promise ${promise.name}`}
      subheader={`On platform ${promise.platform}${
        promise.version ? ` · version ${promise.version}` : ''
      }`}
      action={<DemoDataChip demo={promise.demo} />}
    >
      <Box className={classes.row}>
        <StateStatus state={promise.status} />
        {promise.paused && <StateStatus state="paused" />}
        {promise.deleting && <StateStatus state="deleting" />}
        <Typography>{promise.message ?? ''}</Typography>
      </Box>
      {promise.workflowControl && (
        <WorkflowControlNotice
          control={promise.workflowControl}
          target={target}
          onOperation={props.onOperation}
        />
      )}
      <Typography variant="body2" className={classes.section}>
        {promise.api ? (
          <>
            Offers{' '}
            <span className={classes.mono}>
              {promise.api.kind} ({promise.api.apiVersion})
            </span>
          </>
        ) : (
          'No API: this Promise only installs dependencies.'
        )}
      </Typography>
      <Box className={classes.section}>
        <Typography variant="subtitle2" gutterBottom>
          Conditions
        </Typography>
        <ConditionList conditions={promise.conditions} subject="promise" />
      </Box>
      <Box className={classes.section}>
        <Typography variant="subtitle2" gutterBottom>
          Destination selectors
        </Typography>
        <Box className={classes.row}>
          {promise.destinationSelectors.length ? (
            promise.destinationSelectors.map((s, i) => (
              <Chip
                key={i}
                size="small"
                label={Object.entries(s.matchLabels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              />
            ))
          ) : (
            <Typography variant="body2" color="textSecondary">
              None: requests go to any Destination without strict labels.
            </Typography>
          )}
        </Box>
      </Box>
      {isDetail(promise) && (
        <Box className={classes.section}>
          <Typography variant="subtitle2" gutterBottom>
            Requirements
          </Typography>
          {promise.requiredPromises.length ? (
            promise.requiredPromises.map(r => (
              <Box key={r.name} className={classes.row}>
                <Typography variant="body2">
                  Promise {r.name}
                  {r.version ? ` ${r.version}` : ''}
                </Typography>
                <StateStatus
                  state={
                    r.state === 'Requirement installed' ? 'ready' : 'pending'
                  }
                  label={r.state ?? 'unknown'}
                />
              </Box>
            ))
          ) : (
            <Typography variant="body2" color="textSecondary">
              Requires no other Promise.
            </Typography>
          )}
          {promise.requiredBy.length > 0 && (
            <Typography variant="body2" color="textSecondary">
              Required by {promise.requiredBy.map(r => r.name).join(', ')}.
            </Typography>
          )}
        </Box>
      )}
      <Box className={`${classes.row} ${classes.section}`}>
        {promise.api && (
          <PromiseTemplateButton
            platform={promise.platform}
            promise={promise.name}
          />
        )}
        <OperationButtons
          target={target}
          paused={promise.paused}
          onDone={props.onOperation}
        />
      </Box>
    </InfoCard>
  );
};
