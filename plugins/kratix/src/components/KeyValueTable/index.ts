export { KeyValueTable } from './KeyValueTable';
