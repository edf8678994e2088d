import {
  type KubeObject,
  readPromiseApi,
} from '@kratix-backstage/plugin-kratix-node';
import {
  type KratixScenario,
  type ScenarioDestination,
} from '@kratix-backstage/kratix-simulation';
import { type Kube, waitFor } from '../simulator/kube';

/**
 * What the suites need of whatever plays Kratix: the real controller (`RealKratix`) or
 * the simulator (`KratixSimulator`).
 *
 * @public
 */
export interface KratixDriver {
  readonly mode: 'real' | 'simulator';
  /** Background failures (of the simulator, or of the real Kratix's pipeline runner). */
  readonly errors: Error[];
  registerDestination(destination: ScenarioDestination): Promise<void>;
  installPromise(promise: KubeObject): Promise<void>;
  playScenario(scenario: KratixScenario): Promise<void>;
  waitForRequest(
    namespace: string,
    promiseName: string,
    name: string,
    predicate: (o: KubeObject) => boolean,
    ms?: number,
  ): Promise<KubeObject>;
  stop(): Promise<void>;
}

/** A request whose configure workflow finished, one way or the other. */
export function settled(request: KubeObject): boolean {
  const configured = request.status?.conditions?.find(
    (c: any) => c.type === 'ConfigureWorkflowCompleted',
  );
  if (!configured) return false;
  if (
    configured.status === 'False' &&
    configured.reason === 'ConfigureWorkflowFailed'
  )
    return true;
  return (
    configured.status === 'True' &&
    request.status?.conditions?.some((c: any) => c.type === 'WorksSucceeded')
  );
}

/**
 * What both drivers do alike: play a scenario as a platform team would (its
 * Destinations, its Promise, then each request applied and waited for until its workflow
 * settled), and wait for a request read back from the API server.
 *
 * @public
 */
export abstract class KratixDriverBase implements KratixDriver {
  abstract readonly mode: 'real' | 'simulator';
  abstract readonly errors: Error[];
  /** The Promises installed through this driver, as the API server stored them. */
  protected readonly promises = new Map<string, KubeObject>();

  protected constructor(
    protected readonly kube: Kube,
    private readonly wait: { ms: number; purpose: string },
  ) {}

  abstract registerDestination(destination: ScenarioDestination): Promise<void>;
  abstract installPromise(promise: KubeObject): Promise<void>;
  abstract stop(): Promise<void>;

  async playScenario(scenario: KratixScenario): Promise<void> {
    for (const destination of scenario.destinations) {
      await this.registerDestination(destination);
    }
    await this.installPromise(scenario.promise);
    for (const request of scenario.requests) {
      await this.kube.apply(scenario.requestObject(request));
      await this.waitForRequest(
        request.namespace,
        scenario.promise.metadata.name,
        request.name,
        settled,
      );
    }
  }

  /** Waits until a request's status passes `predicate`. */
  waitForRequest(
    namespace: string,
    promiseName: string,
    name: string,
    predicate: (o: KubeObject) => boolean,
    ms = this.wait.ms,
  ): Promise<KubeObject> {
    const promise = this.promises.get(promiseName);
    const api = promise && readPromiseApi(promise);
    if (!api)
      throw new Error(
        `Promise ${promiseName} was not installed through this driver`,
      );
    return waitFor(
      `${api.kind} ${namespace}/${name} ${this.wait.purpose}`,
      async () => {
        this.throwBackgroundError();
        const o = await this.kube.read({
          apiVersion: `${api.group}/${api.version}`,
          kind: api.kind,
          name,
          namespace,
        });
        return o && predicate(o) ? o : undefined;
      },
      ms,
      250,
    );
  }

  protected throwBackgroundError() {
    if (this.errors.length) throw this.errors[0];
  }
}
