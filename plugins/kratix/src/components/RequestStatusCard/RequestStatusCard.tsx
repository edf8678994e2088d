import { InfoCard, Link } from '@backstage/core-components';
import {
  type KratixOperation,
  requestStateLabel,
  type ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { formatAge } from '../../lib/format';
import { ConditionList } from '../ConditionList';
import { DemoDataChip } from '../DemoDataChip';
import { DestinationChips } from '../DestinationChips';
import { KeyValueTable } from '../KeyValueTable';
import { OperationButtons } from '../OperationButtons';
import { PromiseVersionSection } from '../PromiseVersion';
import { RequestHealthSection } from '../RequestHealth';
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
  message: { fontSize: '1.1rem' },
}));

/**
 * A resource request's status: its state and message, a workflow a stage suspended,
 * its health, Kratix's conditions, the Promise version it is bound to, the
 * Destinations it was placed on, what the pipelines wrote to `status.yaml`, and the
 * operations the user may run on it.
 */
export const RequestStatusCard = (props: {
  request: ResourceRequest;
  onOperation?: (operation: KratixOperation) => void;
}) => {
  const { request } = props;
  const classes = useStyles();
  const links = useKratixLinks();
  const now = Date.now();
  const target = {
    kind: 'request' as const,
    platform: request.platform,
    namespace: request.namespace,
    promise: request.promise,
    name: request.name,
  };
  const behind =
    request.generation !== undefined &&
    request.observedGeneration !== undefined &&
    request.generation > request.observedGeneration;
  return (
    <InfoCard
      title="Kratix status"
      subheader={
        <span>
          {request.kind} {request.namespace}/{request.name} from Promise{' '}
          {links ? (
            <Link
              to={links.promise({
                platform: request.platform,
                name: request.promise,
              })}
            >
              {request.promise}
            </Link>
          ) : (
            request.promise
          )}{' '}
          on platform {request.platform}
        </span>
      }
      action={<DemoDataChip demo={request.demo} />}
    >
      <Box className={classes.row}>
        <StateStatus state={request.state} label={requestStateLabel(request)} />
        <Typography
          className={classes.message}
          data-testid="kratix-request-message"
        >
          {request.message ?? 'No message yet'}
        </Typography>
      </Box>
      {request.worker?.destinations
        .filter(d => d.state !== 'applied')
        .map(d => (
          <Typography
            key={d.destination}
            variant="body2"
            color={d.state === 'failing' ? 'error' : 'textSecondary'}
            data-testid={`kratix-request-worker-${d.destination}`}
            // Flux's messages hold long unbroken ids: wrap them inside the card.
            style={{ overflowWrap: 'anywhere' }}
          >
            On {d.destination}:{' '}
            {d.state === 'failing' ? 'failing' : 'not confirmed'}
            {d.message ? ` — ${d.message}` : ''}
            {d.kustomization
              ? ` (Kustomization ${d.kustomization}${
                  d.cluster ? ` on ${d.cluster}` : ''
                })`
              : ''}
          </Typography>
        ))}
      {request.workflowControl && (
        <WorkflowControlNotice
          control={request.workflowControl}
          target={target}
          onOperation={props.onOperation}
        />
      )}
      <Typography variant="body2" color="textSecondary">
        Configure workflow: {request.workflows.succeeded} of{' '}
        {request.workflows.count} pipelines succeeded
        {request.workflows.failed ? `, ${request.workflows.failed} failed` : ''}
        {request.lastSuccessfulConfigureWorkflowTime
          ? ` · last success ${formatAge(
              request.lastSuccessfulConfigureWorkflowTime,
              now,
            )} ago`
          : ''}
      </Typography>
      {behind && (
        <Typography variant="body2" color="error">
          Kratix has not caught up with the latest change yet (generation{' '}
          {request.generation}, reconciled {request.observedGeneration}).
        </Typography>
      )}
      {request.lastOperation && (
        <Typography variant="body2" color="textSecondary">
          Last operation from Backstage: {request.lastOperation.operation} by{' '}
          {request.lastOperation.by}, {formatAge(request.lastOperation.at, now)}{' '}
          ago
        </Typography>
      )}
      <Box className={classes.section}>
        <Typography variant="subtitle2" gutterBottom>
          Health
        </Typography>
        <RequestHealthSection health={request.health} />
      </Box>
      <Box className={classes.section}>
        <Typography variant="subtitle2" gutterBottom>
          Conditions
        </Typography>
        <ConditionList conditions={request.conditions} subject="request" />
      </Box>
      <Box className={classes.section}>
        <Typography variant="subtitle2" gutterBottom>
          Destinations
        </Typography>
        <DestinationChips
          platform={request.platform}
          destinations={request.destinations}
          emptyMessage="Not placed on any Destination yet."
        />
      </Box>
      <Box className={classes.section}>
        <Typography variant="subtitle2">Promise version</Typography>
        <PromiseVersionSection version={request.version} />
      </Box>
      <Box className={classes.section}>
        <Typography variant="subtitle2">Outputs (status.yaml)</Typography>
        <KeyValueTable
          label="Status outputs"
          values={request.statusFields}
          emptyMessage="The pipelines wrote no outputs to /kratix/metadata/status.yaml."
        />
      </Box>
      <Box className={classes.section}>
        <Typography variant="subtitle2">Request</Typography>
        <KeyValueTable
          label="Request spec"
          values={request.spec}
          emptyMessage="The request has an empty spec."
        />
      </Box>
      <Box className={classes.section}>
        <OperationButtons
          target={target}
          paused={request.paused}
          onDone={props.onOperation}
        />
      </Box>
    </InfoCard>
  );
};
