import { StructuredMetadataTable } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useRef } from 'react';
import { useTableName } from '../KratixTable';

/** Keys shown as written (`enableDataCollection`, `URL`), not re-cased. */
const asWritten = (key: string) => key;

/** What the table shows of a value: booleans as words, nothing as a dash, objects as YAML. */
function show(value: unknown): unknown {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'boolean') return String(value);
  return value;
}

/**
 * Fields of an object (a request's spec, its status outputs) in core-components'
 * `StructuredMetadataTable`, named `label`.
 */
export const KeyValueTable = (props: {
  label: string;
  values: Record<string, unknown>;
  emptyMessage: string;
}) => {
  const container = useRef<HTMLDivElement>(null);
  useTableName(container, props.label);
  const entries = Object.entries(props.values);
  if (!entries.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyMessage}
      </Typography>
    );
  }
  return (
    <div ref={container}>
      <StructuredMetadataTable
        metadata={Object.fromEntries(entries.map(([k, v]) => [k, show(v)]))}
        options={{ titleFormat: asWritten, nestedValuesAsYaml: true }}
      />
    </div>
  );
};
