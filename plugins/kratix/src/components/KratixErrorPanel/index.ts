export { KratixErrorPanel, PartialErrors } from './KratixErrorPanel';
