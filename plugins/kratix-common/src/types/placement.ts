import type { KratixCondition } from './conditions';
import type { KratixApiError } from './errors';

/**
 * A file in a workload group, decoded from the Work.
 *
 * @public
 */
export interface WorkloadFile {
  /** Path relative to the pipeline's `/kratix/output`. */
  path: string;
  bytes: number;
  /** The file's text, when asked for (`?content=true`). */
  content?: string;
}

/**
 * A group of files scheduled together to the Destinations matching its selectors.
 *
 * @public
 */
export interface WorkloadGroup {
  id: string;
  directory: string;
  destinationSelectors: Array<{
    matchLabels: Record<string, string>;
    source?: string;
  }>;
  files: WorkloadFile[];
}

/**
 * Kratix's verdict on a Work or WorkPlacement (the message of its `Ready` condition).
 *
 * @public
 */
export type PlacementState = 'ready' | 'pending' | 'failing' | 'misplaced';

/**
 * What a pipeline produced for scheduling.
 *
 * @public
 */
export interface Work {
  name: string;
  namespace: string;
  promise: string;
  resource?: string;
  pipeline?: string;
  workType?: string;
  state: PlacementState;
  message?: string;
  conditions: KratixCondition[];
  lastExecutionTimestamp?: string;
  workloadGroups: WorkloadGroup[];
}

/**
 * A workload group scheduled to one Destination, and whether its files were written
 * to the Destination's state store.
 *
 * @public
 */
export interface WorkPlacement {
  name: string;
  namespace: string;
  work?: string;
  workloadGroupId?: string;
  destination: string;
  promise?: string;
  resource?: string;
  state: PlacementState;
  scheduled: KratixCondition | undefined;
  written: KratixCondition | undefined;
  misplaced: boolean;
  pending: boolean;
  /** The state store commit of the last write (Git state stores). */
  versionID?: string;
  files: string[];
  conditions: KratixCondition[];
}

/**
 * Where the output of a request's or Promise's pipelines went.
 *
 * @public
 */
export interface Placement {
  platform: string;
  demo?: boolean;
  works: Work[];
  workPlacements: WorkPlacement[];
  /** What could not be read (e.g. WorkPlacements the credentials may not list). */
  errors: KratixApiError[];
}
