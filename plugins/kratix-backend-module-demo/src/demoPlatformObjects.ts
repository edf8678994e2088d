import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import { type KubeObject } from '@kratix-backstage/plugin-kratix-node';
import {
  condition,
  destinationReadyStatus,
  type KratixScenario,
} from '@kratix-backstage/kratix-simulation';
import { demoUid } from './demoRun';
import { DEMO_GIT_URL } from './demoWorker';

const iso = (ms: number) => new Date(ms).toISOString();

/** The scenario's Promise as Kratix shows it once installed and Available. */
export function demoPromise(
  scenario: KratixScenario,
  installedAt: number,
): KubeObject {
  const promiseName = scenario.promise.metadata.name;
  const api = scenario.promise.spec.api.spec;
  const storage = api.versions.find((v: any) => v.storage) ?? api.versions[0];
  const promise: KubeObject = {
    ...structuredClone(scenario.promise),
    metadata: {
      ...structuredClone(scenario.promise.metadata),
      uid: demoUid(promiseName),
      generation: 1,
      creationTimestamp: iso(installedAt),
    },
    status: {
      status: 'Available',
      kind: api.names.kind,
      apiVersion: `${api.group}/${storage.name}`.toLowerCase(),
      version: scenario.promise.metadata.labels?.[KRATIX_LABELS.promiseVersion],
      observedGeneration: 1,
      workflows: 0,
      workflowsSucceeded: 0,
      workflowsFailed: 0,
      lastAvailableTime: iso(installedAt + 4000),
      conditions: [
        condition(
          'RequirementsFulfilled',
          'True',
          'RequirementsInstalled',
          'Requirements fulfilled',
          new Date(installedAt + 2000),
        ),
        condition(
          'Available',
          'True',
          'PromiseAvailable',
          'Ready to fulfil resource requests',
          new Date(installedAt + 4000),
        ),
        condition(
          'WorksSucceeded',
          'True',
          'WorksSucceeded',
          'All works associated with this promise are ready',
          new Date(installedAt + 4000),
        ),
        condition(
          'Reconciled',
          'True',
          'Reconciled',
          'Reconciled',
          new Date(installedAt + 4000),
        ),
      ],
    },
  };
  return promise;
}

/** The scenario's state stores, Ready. */
export function demoStateStores(
  scenario: KratixScenario,
  installedAt: number,
): KubeObject[] {
  return [
    ...new Map(
      scenario.destinations.map(d => [d.stateStore.name, d.stateStore]),
    ).values(),
  ].map(store => ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: store.kind,
    metadata: {
      name: store.name,
      uid: demoUid(store.name),
      creationTimestamp: iso(installedAt - 600_000),
    },
    spec:
      store.kind === 'GitStateStore'
        ? {
            url: DEMO_GIT_URL,
            branch: 'main',
            authMethod: 'basicAuth',
            secretRef: { name: 'git-credentials', namespace: 'default' },
          }
        : {
            bucketName: 'kratix',
            endpoint: 'minio.kratix-demo.invalid',
            insecure: true,
          },
    status: {
      status: 'Ready',
      conditions: [
        condition(
          'Ready',
          'True',
          'StateStoreReady',
          'State store is ready',
          new Date(installedAt - 590_000),
        ),
      ],
    },
  }));
}

/** The scenario's Destinations, Ready (Kratix wrote their test documents). */
export function demoDestinations(
  scenario: KratixScenario,
  installedAt: number,
): KubeObject[] {
  return scenario.destinations.map(d => ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Destination',
    metadata: {
      name: d.name,
      labels: { ...d.labels },
      uid: demoUid(d.name),
      creationTimestamp: iso(installedAt - 580_000),
    },
    spec: {
      path: d.path,
      stateStoreRef: { ...d.stateStore },
      filepath: { mode: 'nestedByMetadata' },
      cleanup: 'none',
    },
    status: destinationReadyStatus(new Date(installedAt - 570_000)),
  }));
}
