import { type RefObject, useEffect } from 'react';

/**
 * Names the `<table>` rendered inside `container` (core-components' `Table` and
 * `StructuredMetadataTable` take no label), and marks its body rows with `rowTestIds`,
 * in order. Screen readers and tests find a table by its name, as the views' own tables.
 */
export function useTableName(
  container: RefObject<HTMLElement>,
  label: string,
  rowTestIds?: string[],
) {
  // After every render: the table re-renders its rows by itself (data, loading).
  useEffect(() => {
    const table = container.current?.querySelector('table');
    if (!table) return;
    table.setAttribute('aria-label', label);
    if (!rowTestIds) return;
    table.querySelectorAll(':scope > tbody > tr').forEach((row, i) => {
      if (rowTestIds[i]) row.setAttribute('data-testid', rowTestIds[i]);
    });
  });
}
