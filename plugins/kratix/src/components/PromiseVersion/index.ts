export { PromiseVersionSection } from './PromiseVersionSection';
