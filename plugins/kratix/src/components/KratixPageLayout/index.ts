export { KratixPageLayout } from './KratixPageLayout';
