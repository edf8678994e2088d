export {
  columnWidths,
  KratixTable,
  type KratixTableColumn,
} from './KratixTable';
export { useTableName } from './useTableName';
