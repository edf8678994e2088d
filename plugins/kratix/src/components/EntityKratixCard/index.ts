export { EntityKratixCard } from './EntityKratixCard';
