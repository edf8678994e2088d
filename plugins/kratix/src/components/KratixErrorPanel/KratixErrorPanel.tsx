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

/** Failures that mean nothing was heard from the cluster at all. */
const NO_ANSWER = new Set(['unreachable', 'timeout']);

/**
 * The platforms an answer has nothing of: their own cluster (not one of their workers)
 * could not be reached or did not answer in time.
 */
export function missingPlatforms(errors: KratixApiError[]): string[] {
  return [
    ...new Set(
      errors
        .filter(
          e =>
            NO_ANSWER.has(e.type) && (!e.cluster || e.cluster === e.platform),
        )
        .map(e => e.platform),
    ),
  ].sort();
}

/**
 * The clusters that failed in an answer that still carries the others' data: the
 * platforms missing from it first, by name, then every failure once.
 */
export const PartialErrors = ({ errors }: { errors?: KratixApiError[] }) => {
  if (!errors?.length) return null;
  const missing = missingPlatforms(errors);
  const seen = new Set<string>();
  const lines = errors.filter(e => {
    const key = [e.platform, e.cluster ?? '', e.type, e.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const clusters = new Set(lines.map(e => `${e.platform}/${e.cluster ?? ''}`));
  let title = `Some data could not be read (${clusters.size} ${
    clusters.size === 1 ? 'cluster' : 'clusters'
  })`;
  if (missing.length === 1) {
    title = `Platform ${missing[0]} is missing here: it could not be reached. Showing the other platforms' data.`;
  } else if (missing.length > 1) {
    title = `Platforms ${missing.join(
      ', ',
    )} are missing here: they could not be reached. Showing the other platforms' data.`;
  }
  return (
    <WarningPanel defaultExpanded severity="warning" title={title}>
      {lines.map((e, i) => (
        <Typography key={i} variant="body2">
          {e.platform}
          {e.cluster && e.cluster !== e.platform ? `/${e.cluster}` : ''} (
          {e.type}): {e.message}
        </Typography>
      ))}
    </WarningPanel>
  );
};
