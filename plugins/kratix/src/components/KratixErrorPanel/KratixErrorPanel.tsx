import { ErrorPanel, WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { KratixApiError } from '@kratix-backstage/plugin-kratix-common';

/**
 * A failed load, said in a way the reader can act on: a missing permission, an object
 * that is not there, or anything else with its details.
 */
export const KratixErrorPanel = (props: {
  error: Error;
  /** What was being loaded, e.g. "the pipeline runs". */
  what: string;
}) => {
  const { error, what } = props;
  if (error.name === 'NotAllowedError') {
    return (
      <WarningPanel
        defaultExpanded
        severity="info"
        title={`You do not have permission to see ${what}`}
      >
        <Typography variant="body2">{error.message}</Typography>
      </WarningPanel>
    );
  }
  if (error.name === 'NotFoundError') {
    const backendMissing = error.message.includes('plugin-kratix-backend');
    return (
      <WarningPanel
        defaultExpanded
        severity="warning"
        title={`Could not find ${what}`}
      >
        <Typography variant="body2">
          {backendMissing
            ? error.message
            : `${error.message.replace(
                /\.$/,
                '',
              )}. It may have been deleted, or the platform and names that point at it (the entity's kratix.io annotations, or the link you followed) may be wrong.`}
        </Typography>
      </WarningPanel>
    );
  }
  return (
    <ErrorPanel
      title={`Could not load ${what}: is the Kratix backend running and the platform reachable?`}
      error={error}
    />
  );
};

/**
 * The clusters that failed in an answer that still carries the others' data.
 */
export const PartialErrors = ({ errors }: { errors?: KratixApiError[] }) => {
  if (!errors?.length) return null;
  return (
    <WarningPanel
      defaultExpanded
      severity="warning"
      title={`Some data could not be read (${errors.length} ${
        errors.length === 1 ? 'cluster' : 'clusters'
      })`}
    >
      {errors.map((e, i) => (
        <Typography key={i} variant="body2">
          {e.platform}
          {e.cluster ? `/${e.cluster}` : ''} ({e.type}): {e.message}
        </Typography>
      ))}
    </WarningPanel>
  );
};
