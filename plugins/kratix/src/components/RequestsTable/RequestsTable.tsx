import type { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import Typography from '@material-ui/core/Typography';
import { KratixTable } from '../KratixTable';
import {
  type RequestColumnsOptions,
  useRequestColumns,
} from './useRequestColumns';

/**
 * Resource requests with their state and message, each linking to its view. Lists across
 * Promises (`showPromise`) show the namespace before the name instead of in a column.
 */
export const RequestsTable = (
  props: RequestColumnsOptions & {
    requests: ResourceRequest[];
    label: string;
    emptyMessage: string;
  },
) => {
  const { requests } = props;
  const columns = useRequestColumns(props);
  if (!requests.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.emptyMessage}
      </Typography>
    );
  }
  return (
    <KratixTable<ResourceRequest>
      label={props.label}
      data={requests}
      rowKey={r => `${r.platform}/${r.promise}/${r.namespace}/${r.name}`}
      columns={columns.map(c => ({
        title: c.title,
        compact: c.compact,
        render: c.render,
      }))}
    />
  );
};
