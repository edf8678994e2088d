/**
 * A status condition as Kratix and Flux write them.
 *
 * @public
 */
export interface KratixCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}
