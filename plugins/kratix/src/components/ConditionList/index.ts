export { ConditionList } from './ConditionList';
export { humanize } from './humanize';
