export { RequestHealthSection } from './RequestHealthSection';
