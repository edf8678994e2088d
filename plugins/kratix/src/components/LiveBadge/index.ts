export { LiveBadge } from './LiveBadge';
