import type { KratixCondition } from './conditions';
import type { PartialResult } from './errors';
import type { WorkPlacement } from './placement';
import type { ResourceRequest } from './request';

/**
 * The state store a Destination writes to.
 *
 * @public
 */
export interface StateStoreSummary {
  kind: 'GitStateStore' | 'BucketStateStore' | string;
  name: string;
  found: boolean;
  ready?: 'True' | 'False' | 'Unknown';
  message?: string;
  /** Git URL or bucket endpoint. */
  url?: string;
  branch?: string;
  bucketName?: string;
  path?: string;
}

/**
 * A Kratix Destination: a place workloads are scheduled to.
 *
 * @public
 */
export interface Destination {
  platform: string;
  demo?: boolean;
  name: string;
  labels: Record<string, string>;
  path?: string;
  strictMatchLabels: boolean;
  filepathMode: string;
  /** The status of its `Ready` condition: Kratix could write to its state store. */
  ready: 'True' | 'False' | 'Unknown';
  readyReason?: string;
  readyMessage?: string;
  conditions: KratixCondition[];
  stateStore?: StateStoreSummary;
  /** The configured worker clusters that serve this Destination. */
  workers: string[];
}

/**
 * A resource request whose pipeline output Kratix scheduled to a Destination, with the
 * WorkPlacements that put it there.
 *
 * @public
 */
export interface DestinationRequest {
  request: ResourceRequest;
  /** The request's WorkPlacements targeting this Destination, sorted by name. */
  placements: WorkPlacement[];
}

/**
 * What `GET /platforms/:platform/destinations/:destination/requests` answers: the
 * requests placed on the Destination, sorted by Promise, namespace and name, and what
 * could not be read.
 *
 * @public
 */
export type DestinationRequestsResponse = PartialResult<DestinationRequest>;
