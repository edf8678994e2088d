export { RequestsTable } from './RequestsTable';
export {
  type RequestColumn,
  type RequestColumnsOptions,
  useRequestColumns,
} from './useRequestColumns';
