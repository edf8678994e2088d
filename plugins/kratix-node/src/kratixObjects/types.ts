/**
 * The part of a Kubernetes object the Kratix plugins read and write.
 *
 * @public
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/**
 * A status condition, as Kratix and Flux write them.
 *
 * @public
 */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/**
 * A Pipeline as embedded in a Promise's `spec.workflows`.
 *
 * @public
 */
export interface KratixPipeline {
  apiVersion: string;
  kind: 'Pipeline';
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    containers: Array<{ name: string; image: string; [key: string]: unknown }>;
    [key: string]: unknown;
  };
}

/** @public */
export type WorkflowType = 'resource' | 'promise';

/** @public */
export type WorkflowAction = 'configure' | 'delete';
