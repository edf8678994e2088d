/* Fixtures of pipeline Jobs and Pods for the mapping tests. */
import type { KubeObject } from '@kratix-backstage/plugin-kratix-node';

export const ctx = { name: 'prod', demo: false };
export const image = 'ghcr.io/syntasso/kratix-pipeline-adapter:v0.125.0';

/** A pipeline Pod with the given container states. */
export function pod(
  name: string,
  phase: string,
  init: Record<string, any>,
  main: Record<string, any>,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject {
  const status = (n: string, s: any) => ({
    name: n,
    restartCount: s?.restartCount ?? 0,
    state: s?.state ?? s,
    ...(s?.lastState ? { lastState: s.lastState } : {}),
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp: '2026-11-17T10:00:00Z',
      labels: {
        'app.kubernetes.io/managed-by': 'Kratix',
        'job-name': 'kratix-job',
      },
      ...extra,
    },
    spec: {
      initContainers: [
        { name: 'reader', image },
        {
          name: 'pipeline-stage-0',
          image: 'kratix-workshop/elastic-pipeline:dev',
        },
        { name: 'work-writer', image },
      ],
      containers: [{ name: 'status-writer', image }],
    },
    status: {
      phase,
      initContainerStatuses: Object.entries(init).map(([n, s]) => status(n, s)),
      containerStatuses: Object.entries(main).map(([n, s]) => status(n, s)),
    },
  };
}

export const done = (
  start: string,
  end: string,
  exitCode = 0,
  reason = exitCode ? 'Error' : 'Completed',
) => ({
  terminated: { exitCode, reason, startedAt: start, finishedAt: end },
});
export const waiting = (reason: string, message?: string) => ({
  waiting: { reason, ...(message ? { message } : {}) },
});

/** A pipeline Job of request example. */
export function job(
  conditions: any[] = [],
  status: Record<string, any> = {},
  name = 'kratix-job',
): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      creationTimestamp: status.created ?? '2026-11-17T10:00:00Z',
      labels: {
        'kratix.io/promise-name': 'elastic-cloud',
        'kratix.io/pipeline-name': 'resource-configure',
        'kratix.io/workflow-type': 'resource',
        'kratix.io/workflow-action': 'configure',
        'kratix.io/resource-name': 'example',
      },
    },
    status: { startTime: '2026-11-17T10:00:00Z', conditions, ...status },
  };
}
