export { ConditionChips } from './ConditionChips';
export { humanize } from './humanize';
