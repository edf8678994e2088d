import { Link } from '@backstage/core-components';
import {
  requestStateLabel,
  type ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { useKratixLinks } from '../../hooks/useKratixLinks';
import { formatAge } from '../../lib/format';
import { DestinationChips } from '../DestinationChips';
import { StateStatus } from '../StateStatus';

/**
 * One column of a requests table: its title, its cell, and whether it is as narrow as
 * its content, on one line.
 */
export interface RequestColumn {
  title: string;
  compact?: boolean;
  render: (request: ResourceRequest) => ReactNode;
}

/**
 * What a requests table shows besides the request, its state, health, message,
 * Destinations and age.
 */
export interface RequestColumnsOptions {
  /** Lists across Promises show the namespace before the name instead of in a column. */
  showPromise?: boolean;
  extra?: { title: string; render: (request: ResourceRequest) => ReactNode };
}

/**
 * The columns of a requests table, each request linking to its view: shared by the
 * client-side {@link RequestsTable} and the server-paged overview table.
 */
export function useRequestColumns(
  options: RequestColumnsOptions,
): RequestColumn[] {
  const { showPromise, extra } = options;
  const links = useKratixLinks();
  const now = Date.now();
  return [
    {
      title: 'Request',
      compact: true,
      render: r => (
        <>
          {showPromise && (
            <Typography variant="caption" color="textSecondary">
              {r.namespace}/
            </Typography>
          )}
          {links ? <Link to={links.request(r)}>{r.name}</Link> : r.name}
        </>
      ),
    },
    showPromise
      ? {
          title: 'Promise',
          render: r =>
            links ? (
              <Link
                to={links.promise({ platform: r.platform, name: r.promise })}
              >
                {r.promise}
              </Link>
            ) : (
              r.promise
            ),
        }
      : {
          title: 'Namespace',
          compact: true,
          render: r => r.namespace,
        },
    {
      title: 'State',
      compact: true,
      render: r => <StateStatus state={r.state} label={requestStateLabel(r)} />,
    },
    {
      title: 'Health',
      compact: true,
      render: r => (r.health ? <StateStatus state={r.health.state} /> : '–'),
    },
    {
      title: 'Message',
      render: r => r.message ?? '–',
    },
    {
      title: 'Destinations',
      render: r => (
        <DestinationChips platform={r.platform} destinations={r.destinations} />
      ),
    },
    ...(extra ? [{ title: extra.title, render: extra.render }] : []),
    {
      title: 'Age',
      compact: true,
      render: r => formatAge(r.createdAt, now),
    },
  ];
}
