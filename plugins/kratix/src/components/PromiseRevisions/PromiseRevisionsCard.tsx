import { InfoCard } from '@backstage/core-components';
import type { PromiseRevisionSummary } from '@kratix-backstage/plugin-kratix-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { formatAge, formatTime } from '../../lib/format';
import { KratixTable } from '../KratixTable';

/**
 * A Promise's versions (its PromiseRevisions, newest first): which is the latest, how
 * many requests each one serves (their bindings last applied it), and how many are
 * pinned to it.
 */
export const PromiseRevisionsCard = ({
  revisions,
}: {
  revisions: PromiseRevisionSummary[];
}) => {
  const now = Date.now();
  return (
    <InfoCard
      title="Versions"
      subheader="The Promise's PromiseRevisions, newest first, and the requests each one serves"
    >
      <KratixTable
        label="Promise revisions"
        data={revisions}
        rowKey={r => r.name}
        columns={[
          {
            title: 'Version',
            compact: true,
            render: r => (
              <>
                {r.version}{' '}
                {r.latest && (
                  <Chip size="small" color="primary" label="latest" />
                )}
              </>
            ),
          },
          {
            title: 'Requests served',
            compact: true,
            render: r => r.requests,
          },
          { title: 'Pinned', compact: true, render: r => r.pinned },
          {
            title: 'Created',
            compact: true,
            render: r =>
              r.createdAt ? (
                <Tooltip title={formatTime(r.createdAt)}>
                  <span>{formatAge(r.createdAt, now)} ago</span>
                </Tooltip>
              ) : (
                '–'
              ),
          },
          { title: 'PromiseRevision', render: r => r.name },
        ]}
      />
    </InfoCard>
  );
};
