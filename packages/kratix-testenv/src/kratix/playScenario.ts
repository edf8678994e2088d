import {
  type KratixScenario,
  type KubeObject,
  readPromiseApi,
} from '@kratix-backstage/plugin-kratix-node';
import type { Kube } from '../simulator/kube';
import { waitFor } from '../simulator/kube';
import type { KratixDriver } from './RealKratix';

/** A request the driver must wait for, and how long. */
export interface RequestWait {
  kube: Kube;
  promise: KubeObject | undefined;
  promiseName: string;
  namespace: string;
  name: string;
  predicate: (o: KubeObject) => boolean;
  ms: number;
  /** What the wait says it is for, after the request's kind and name. */
  purpose: string;
  /** Throws a background failure (of the simulator or the pipeline runner), if any. */
  check: () => void;
}

/** Waits until the request, read from the API server, passes the predicate. */
export function waitForRequestObject(wait: RequestWait): Promise<KubeObject> {
  const api = wait.promise && readPromiseApi(wait.promise);
  if (!api) {
    throw new Error(
      `Promise ${wait.promiseName} was not installed through this driver`,
    );
  }
  return waitFor(
    `${api.kind} ${wait.namespace}/${wait.name} ${wait.purpose}`,
    async () => {
      wait.check();
      const o = await wait.kube.read({
        apiVersion: `${api.group}/${api.version}`,
        kind: api.kind,
        name: wait.name,
        namespace: wait.namespace,
      });
      return o && wait.predicate(o) ? o : undefined;
    },
    wait.ms,
    250,
  );
}

/**
 * Plays a scenario as a platform team would: its Destinations, its Promise, then each
 * request applied and waited for until its workflow settled.
 */
export async function playScenarioWith(
  driver: KratixDriver,
  kube: Kube,
  scenario: KratixScenario,
  settled: (o: KubeObject) => boolean,
): Promise<void> {
  for (const destination of scenario.destinations) {
    await driver.registerDestination(destination);
  }
  await driver.installPromise(scenario.promise);
  for (const request of scenario.requests) {
    await kube.apply(scenario.requestObject(request));
    await driver.waitForRequest(
      request.namespace,
      scenario.promise.metadata.name,
      request.name,
      settled,
    );
  }
}
