export { KratixRouter } from './KratixRouter';
