import { Table, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import Typography from '@material-ui/core/Typography';
import { useEffect, useRef } from 'react';
import { kratixApiRef } from '../../api';
import { columnWidths, useTableName } from '../KratixTable';
import { useRequestColumns } from '../RequestsTable';

/** How many requests a page of the overview's table shows. */
export const REQUESTS_PAGE_SIZE = 20;

/**
 * Every request, one server-side page at a time (searched by the backend), with the
 * columns of the client-side requests table. The page shown is queried again, keeping
 * its page and search, when `version` changes.
 */
export const RequestsPageTable = (props: {
  label: string;
  /** How many requests there are: nothing is queried while there are none. */
  total: number;
  emptyMessage: string;
  version: number;
}) => {
  const api = useApi(kratixApiRef);
  const columns = useRequestColumns({ showPromise: true });
  const wrapper = useRef<HTMLDivElement>(null);
  const table = useRef<{ onQueryChange?: () => void } | null>(null);
  const shown = useRef(props.version);
  // A new poll of the overview: query the page shown again, keeping page and search.
  useEffect(() => {
    if (shown.current === props.version) return;
    shown.current = props.version;
    table.current?.onQueryChange?.();
  }, [props.version]);
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
            limit: query.pageSize,
            offset: query.page * query.pageSize,
            search: query.search || undefined,
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
