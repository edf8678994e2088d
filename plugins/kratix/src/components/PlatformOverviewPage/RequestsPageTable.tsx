import { Table, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  HEALTH_STATES_WORST_FIRST,
  type HealthState,
  type ResourceRequest,
  type ResourceRequestState,
} from '@kratix-backstage/plugin-kratix-common';
import { BgProvider, Flex, Select } from '@backstage/ui';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useRef, useState } from 'react';
import { kratixApiRef } from '../../api';
import { columnWidths, useTableName } from '../KratixTable';
import { useRequestColumns } from '../RequestsTable';

const useStyles = makeStyles({
  // BUI's styles sit in CSS layers: these plain rules win over them.
  filters: { flexWrap: 'wrap' },
  filter: { flex: 'none', width: '12rem' },
});

const ALL = 'all';
const STATES: ResourceRequestState[] = [
  'ready',
  'pending',
  'failing',
  'paused',
  'deleting',
];
const STATE_OPTIONS = [
  { id: ALL, label: 'All states' },
  ...STATES.map(s => ({ id: s, label: s })),
];
const HEALTH_OPTIONS = [
  { id: ALL, label: 'Any health' },
  ...HEALTH_STATES_WORST_FIRST.map(h => ({ id: h, label: h })),
];

/** How many requests a page of the overview's table shows. */
export const REQUESTS_PAGE_SIZE = 20;

/**
 * Every request (or a Promise's), one server-side page at a time (searched, and
 * filtered by state and health, by the backend), with the columns of the client-side
 * requests table. The page shown is queried again, keeping its page, search and
 * filters, when `version` changes; a new filter starts again at the first page.
 */
export const RequestsPageTable = (props: {
  label: string;
  /** How many requests there are: nothing is queried while there are none. */
  total: number;
  emptyMessage: string;
  version: number;
  /** Only the requests of this Promise of this platform. */
  promise?: { platform: string; name: string };
}) => {
  const api = useApi(kratixApiRef);
  const classes = useStyles();
  const [state, setState] = useState<ResourceRequestState>();
  const [health, setHealth] = useState<HealthState>();
  // The table calls the `data` it was first given: the filters reach it through a ref.
  const filters = useRef({ state, health });
  filters.current = { state, health };
  const columns = useRequestColumns({ showPromise: !props.promise });
  const scope = useRef(props.promise);
  scope.current = props.promise;
  const wrapper = useRef<HTMLDivElement>(null);
  const table = useRef<{
    onQueryChange?: (query?: { page: number }) => void;
  } | null>(null);
  const shown = useRef(props.version);
  // A new poll of the overview: query the page shown again, keeping page and search.
  useEffect(() => {
    if (shown.current === props.version) return;
    shown.current = props.version;
    table.current?.onQueryChange?.();
  }, [props.version]);
  // A new filter: query again from the first page.
  const queried = useRef({ state, health });
  useEffect(() => {
    if (queried.current.state === state && queried.current.health === health) {
      return;
    }
    queried.current = { state, health };
    table.current?.onQueryChange?.({ page: 0 });
  }, [state, health]);
  useTableName(wrapper, props.label);
  if (props.total === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyMessage}
      </Typography>
    );
  }
  const widths = columnWidths(columns);
  const tableColumns: TableColumn<ResourceRequest>[] = columns.map((c, i) => ({
    title: c.title,
    sorting: false,
    width: widths[i],
    cellStyle: c.compact ? { whiteSpace: 'nowrap' } : undefined,
    render: c.render,
  }));
  return (
    <div ref={wrapper}>
      <BgProvider bg="neutral-1">
        <Flex align="center" gap="4" mb="2" className={classes.filters}>
          <Select
            className={classes.filter}
            aria-label="Filter by state"
            selectionMode="single"
            options={STATE_OPTIONS}
            value={state ?? ALL}
            onChange={key =>
              key !== null &&
              setState(key === ALL ? undefined : (key as ResourceRequestState))
            }
          />
          <Select
            className={classes.filter}
            aria-label="Filter by health"
            selectionMode="single"
            options={HEALTH_OPTIONS}
            value={health ?? ALL}
            onChange={key =>
              key !== null &&
              setHealth(key === ALL ? undefined : (key as HealthState))
            }
          />
        </Flex>
      </BgProvider>
      <Table<ResourceRequest>
        tableRef={table}
        columns={tableColumns}
        options={{
          pageSize: REQUESTS_PAGE_SIZE,
          pageSizeOptions: [REQUESTS_PAGE_SIZE],
          search: true,
          debounceInterval: 300,
          padding: 'dense',
          toolbar: true,
          showTitle: false,
          emptyRowsWhenPaging: false,
        }}
        localization={{
          body: { emptyDataSourceMessage: 'No request matches.' },
        }}
        data={async query => {
          const page = await api.listRequests({
            ...(scope.current
              ? {
                  platform: scope.current.platform,
                  promise: scope.current.name,
                }
              : {}),
            limit: query.pageSize,
            offset: query.page * query.pageSize,
            search: query.search || undefined,
            state: filters.current.state,
            health: filters.current.health,
          });
          return {
            data: page.items,
            page: query.page,
            totalCount: page.totalCount ?? page.items.length,
          };
        }}
      />
    </div>
  );
};
