export { RequestStatusCard } from './RequestStatusCard';
