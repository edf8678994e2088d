import { Link } from '@backstage/core-components';
import type {
  PromiseSummary,
  ResourceRequestPromiseCount,
  ResourceRequestState,
} from '@kratix-backstage/plugin-kratix-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { KratixTable } from '../KratixTable';
import { StateStatus } from '../StateStatus';

/** Every Promise with its availability, API and its requests counted by state. */
export const PromisesTable = (props: {
  promises: PromiseSummary[];
  /** The requests counted by Promise. */
  requests: ResourceRequestPromiseCount[];
}) => {
  const links = useKratixLinks();
  if (!props.promises.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No Promises installed on the configured platforms yet.
      </Typography>
    );
  }
  const counts = (p: PromiseSummary) =>
    props.requests.find(r => r.platform === p.platform && r.promise === p.name)
      ?.byState ?? ({} as Partial<Record<ResourceRequestState, number>>);
  return (
    <KratixTable
      label="Promises"
      data={props.promises}
      rowKey={p => `${p.platform}/${p.name}`}
      columns={[
        {
          title: 'Promise',
          render: p =>
            links ? <Link to={links.promise(p)}>{p.name}</Link> : p.name,
        },
        { title: 'Platform', render: p => p.platform },
        {
          title: 'Status',
          compact: true,
          render: p => (
            <>
              <StateStatus state={p.status} />
              {p.paused && <StateStatus state="paused" />}
            </>
          ),
        },
        { title: 'Version', render: p => p.version ?? '–' },
        {
          title: 'API',
          render: p => (p.api ? `${p.api.kind} (${p.api.apiVersion})` : 'none'),
        },
        {
          title: 'Requests',
          render: p => {
            const byState = Object.entries(counts(p));
            return (
              <Box display="flex" flexWrap="wrap" style={{ gap: 12 }}>
                {byState.length === 0
                  ? 'none'
                  : byState.map(([state, n]) => (
                      <StateStatus
                        key={state}
                        state={state}
                        label={`${n} ${state}`}
                      />
                    ))}
              </Box>
            );
          },
        },
      ]}
    />
  );
};
