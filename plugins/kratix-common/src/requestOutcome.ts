import type { KratixCondition } from './types';

/**
 * Where a resource request's configure workflow stands, from its conditions:
 * `succeeded` once the workflow completed and its Works are ready, `failed` once
 * the workflow or the Works failed, `pending` otherwise.
 *
 * @public
 */
export function requestOutcome(
  conditions: KratixCondition[],
): 'succeeded' | 'failed' | 'pending' {
  const find = (type: string) => conditions.find(c => c.type === type);
  const configured = find('ConfigureWorkflowCompleted');
  const works = find('WorksSucceeded');
  if (configured?.status === 'False' && /fail/i.test(configured.reason ?? ''))
    return 'failed';
  if (works?.status === 'False' && /fail/i.test(works.reason ?? ''))
    return 'failed';
  if (configured?.status === 'True' && works?.status === 'True')
    return 'succeeded';
  return 'pending';
}
