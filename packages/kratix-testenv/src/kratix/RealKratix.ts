import { CoreV1Api } from '@kubernetes/client-node';
import { type KubeObject } from '@kratix-backstage/plugin-kratix-node';
import { type ScenarioDestination } from '@kratix-backstage/kratix-simulation';
import type { KratixTestEnvironment } from '../KratixTestEnvironment';
import { Kube, statusCode, waitFor } from '../simulator/kube';
import { KratixDriverBase } from './KratixDriver';
import { KRATIX_NAMESPACE } from './startKratixController';

const KRATIX = 'platform.kratix.io/v1alpha1';

/** Kratix's label for dry-run Destinations, Works and requests. */
export const DRY_RUN_LABEL = 'kratix.io/dry-run';

/** The name (and state store path) of the dry-run Destination the tests register. */
export const DRY_RUN_DESTINATION = 'dry-run';
const CREDENTIALS_SECRET = 'state-store-credentials';

/**
 * Drives the real Kratix controller of an environment started with `kratix: 'real'`
 * the way a platform team does: a GitStateStore (HTTPS, basic-auth Secret) and
 * Destinations, then Promises and requests applied as objects. Everything after that is
 * Kratix's own doing.
 *
 * @public
 */
export class RealKratix extends KratixDriverBase {
  readonly mode = 'real' as const;

  constructor(private readonly env: KratixTestEnvironment) {
    super(new Kube(env.platform.kubeConfig), {
      ms: 120_000,
      purpose: 'to settle on real Kratix',
    });
    if (!env.kratix) throw new Error('the environment runs no real Kratix');
  }

  get errors(): Error[] {
    return this.env.kratix!.runner.errors;
  }

  async registerDestination(destination: ScenarioDestination): Promise<void> {
    const store = this.env.kratix!.stateStore;
    const core = this.env.platform.kubeConfig.makeApiClient(CoreV1Api);
    await core
      .createNamespacedSecret({
        namespace: KRATIX_NAMESPACE,
        body: {
          metadata: { name: CREDENTIALS_SECRET },
          stringData: { username: store.username, password: store.password },
        },
      })
      .catch(error => {
        if (statusCode(error) !== 409) throw error;
      });
    await this.kube.apply({
      apiVersion: KRATIX,
      kind: 'GitStateStore',
      metadata: { name: destination.stateStore.name },
      spec: {
        url: store.url,
        branch: this.env.stateStore.branch,
        authMethod: 'basicAuth',
        secretRef: { name: CREDENTIALS_SECRET, namespace: KRATIX_NAMESPACE },
      },
    });
    await this.kube.apply({
      apiVersion: KRATIX,
      kind: 'Destination',
      metadata: { name: destination.name, labels: destination.labels },
      spec: {
        path: destination.path,
        stateStoreRef: {
          kind: 'GitStateStore',
          name: destination.stateStore.name,
        },
        filepath: { mode: 'nestedByMetadata' },
        cleanup: 'none',
      },
    });
    await waitFor(
      `Destination ${destination.name} to be Ready (Kratix wrote its canary files)`,
      async () => {
        this.throwBackgroundError();
        const d = await this.kube.read({
          apiVersion: KRATIX,
          kind: 'Destination',
          name: destination.name,
        });
        return d?.status?.conditions?.some(
          (c: any) => c.type === 'Ready' && c.status === 'True',
        )
          ? true
          : undefined;
      },
      90_000,
      250,
    );
  }

  /**
   * Registers Kratix's dry-run Destination: label `kratix.io/dry-run: "true"`, its own
   * path (`dry-run/`) in the same git state store. Kratix schedules a DryRun's Works
   * (and only those) there; without it a DryRun never completes. Not part of
   * `playScenario`, so the workshop suites see only the scenario's Destinations.
   */
  async registerDryRunDestination(
    destination: Partial<ScenarioDestination> = {},
  ): Promise<ScenarioDestination> {
    const full: ScenarioDestination = {
      name: DRY_RUN_DESTINATION,
      path: DRY_RUN_DESTINATION,
      stateStore: { kind: 'GitStateStore', name: 'default' },
      ...destination,
      labels: { ...destination.labels, [DRY_RUN_LABEL]: 'true' },
    };
    await this.registerDestination(full);
    return full;
  }

  async installPromise(promise: KubeObject): Promise<void> {
    await this.kube.apply(promise);
    this.promises.set(promise.metadata.name, promise);
    await waitFor(
      `Promise ${promise.metadata.name} to be Available`,
      async () => {
        this.throwBackgroundError();
        const p = await this.kube.read({
          apiVersion: KRATIX,
          kind: 'Promise',
          name: promise.metadata.name,
        });
        return p?.status?.conditions?.some(
          (c: any) => c.type === 'Available' && c.status === 'True',
        )
          ? true
          : undefined;
      },
      90_000,
      250,
    );
  }

  async stop(): Promise<void> {
    await this.env.kratix!.runner.stop();
  }
}
