import type { KratixCondition } from './conditions';
import type { PipelineState } from './pipeline';
import type { ResourceRequestState } from './request';

/**
 * One change to a resource request, as `GET .../requests/:namespace/:promise/:name/events`
 * streams it (one JSON object per line). The stream starts with the current state.
 *
 * - `status`: the request's state, status message or conditions changed;
 * - `run`: a pipeline run (a Job) appeared or changed state;
 * - `stage`: a stage (container) of a run started, finished or failed;
 * - `deleted`: the request is gone; the stream ends;
 * - `heartbeat`: nothing changed, the stream is alive.
 *
 * @public
 */
export type ResourceRequestEvent =
  | {
      type: 'status';
      at: string;
      state: ResourceRequestState;
      message?: string;
      conditions: KratixCondition[];
      generation?: number;
      observedGeneration?: number;
    }
  | {
      type: 'run';
      at: string;
      run: string;
      pipeline: string;
      workflowAction: 'configure' | 'delete';
      state: PipelineState;
      message?: string;
    }
  | {
      type: 'stage';
      at: string;
      run: string;
      pipeline: string;
      stage: string;
      state: PipelineState;
      exitCode?: number;
      reason?: string;
      message?: string;
    }
  | { type: 'deleted'; at: string }
  | { type: 'heartbeat'; at: string };

/**
 * The body of `POST /platforms/:platform/promises/:promise/requests`.
 *
 * @public
 */
export interface CreateResourceRequestBody {
  name: string;
  namespace?: string;
  spec?: Record<string, unknown>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Update the request if one of that name exists, instead of answering 409. */
  updateExisting?: boolean;
}

/**
 * The answer of `POST /platforms/:platform/promises/:promise/requests`.
 *
 * @public
 */
export interface CreateResourceRequestResult {
  platform: string;
  promise: string;
  name: string;
  namespace: string;
  apiVersion: string;
  kind: string;
  uid?: string;
  dryRun: boolean;
  updated: boolean;
  /** The user entity ref recorded on the request. */
  requester: string;
  /** The name of the catalog entity (kind Resource) the request will have. */
  entityName: string;
}
