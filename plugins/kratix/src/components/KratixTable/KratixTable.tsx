import { Table, type TableColumn } from '@backstage/core-components';
import type { CSSProperties, ReactNode } from 'react';
import { useRef } from 'react';
import { useTableName } from './useTableName';

/** One column of a {@link KratixTable}. */
export interface KratixTableColumn<T> {
  title: string;
  render: (row: T) => ReactNode;
  /**
   * Keeps the column as narrow as its content, on one line; the other columns share
   * the rest of the width.
   */
  compact?: boolean;
  align?: 'left' | 'right';
}

type Item<T> = { id: string; row: T };

const NOWRAP: CSSProperties = { whiteSpace: 'nowrap' };

/**
 * Column widths for material-table, which otherwise gives every column an equal share:
 * compact columns 1% (their content's width, as they do not wrap), the others an equal
 * share of the rest, so that the shares add up to the table's width and no more.
 */
export function columnWidths(columns: Array<{ compact?: boolean }>): string[] {
  const compact = columns.filter(c => c.compact).length;
  const share = `calc((100% - ${compact}%) / ${columns.length - compact || 1})`;
  return columns.map(c => (c.compact ? '1%' : share));
}

// The table sits inside the views' cards: no card of its own.
const Plain = (props: { children?: ReactNode; style?: CSSProperties }) => (
  <div style={props.style}>{props.children}</div>
);

/**
 * core-components' `Table`, set up for the small tables of the Kratix views: dense, no
 * toolbar, paging, sorting or column dragging; named `label` for screen readers and
 * tests; each row keyed by `rowKey` (so rows keep their state across polls), optionally
 * with a `data-testid`.
 */
export function KratixTable<T>(props: {
  label: string;
  columns: KratixTableColumn<T>[];
  data: T[];
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  rowStyle?: (row: T) => CSSProperties;
  /** Hides the header row (a table of key/value pairs). */
  header?: boolean;
}) {
  const { label, columns, data, rowKey, rowTestId, rowStyle } = props;
  const container = useRef<HTMLDivElement>(null);
  useTableName(
    container,
    label,
    rowTestId ? data.map(row => rowTestId(row)) : undefined,
  );
  const items: Item<T>[] = data.map(row => ({ id: rowKey(row), row }));
  const widths = columnWidths(columns);
  const tableColumns: TableColumn<Item<T>>[] = columns.map((c, i) => ({
    title: c.title,
    align: c.align,
    sorting: false,
    width: widths[i],
    headerStyle: c.compact ? NOWRAP : undefined,
    cellStyle: c.compact ? NOWRAP : undefined,
    render: item => c.render(item.row),
  }));
  return (
    <div ref={container}>
      <Table<Item<T>>
        columns={tableColumns}
        data={items}
        components={{ Container: Plain }}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          sorting: false,
          draggable: false,
          padding: 'dense',
          header: props.header ?? true,
          rowStyle: rowStyle ? item => rowStyle(item.row) : undefined,
        }}
      />
    </div>
  );
}
