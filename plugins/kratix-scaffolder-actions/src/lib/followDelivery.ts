import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  describeResourceId,
  type FluxObjectStatus,
  type Placement,
  type WorkerHealth,
} from '@kratix-backstage/plugin-kratix-common';
import { taskError } from './taskError';

type Target = {
  platform: string;
  promise: string;
  namespace: string;
  name: string;
};

/** How the worker clusters took a request's output. */
export interface DeliveryResult {
  /** Destinations whose every worker applied the request's commit. */
  applied: string[];
  /** Destinations without a configured worker, or whose workers had not confirmed in time. */
  unconfirmed: string[];
}

/** What the follower reads, through the Kratix backend's REST API. */
export interface DeliveryReader {
  placement(target: Target): Promise<Placement>;
  health(platform: string, destination: string): Promise<WorkerHealth>;
}

const shaOf = (revision?: string) => revision?.split(':').pop();

/**
 * After Kratix wrote a request's Works to the state stores: follows each worker that
 * serves a Destination of its WorkPlacements until its Flux applied the commit Kratix
 * wrote (the WorkPlacement's versionID), or refused it (throws one line naming the
 * worker, the Kustomization and Flux's error), or `timeoutMs` passed (answers the
 * Destinations as unconfirmed: the request itself succeeded, Kratix's part is done).
 */
export async function followDelivery(
  reader: DeliveryReader,
  target: Target,
  options: {
    timeoutMs: number;
    logger: LoggerService;
    signal?: AbortSignal;
    pollMs?: number;
    requestUrl?: string;
  },
): Promise<DeliveryResult> {
  const { logger } = options;
  const deadline = Date.now() + options.timeoutMs;
  const pollMs = options.pollMs ?? 2000;
  const what = `${target.promise} request ${target.namespace}/${target.name}`;
  const see = options.requestUrl ? ` See ${options.requestUrl}` : '';
  const reported = new Set<string>();
  let blocked: Error | undefined;
  for (;;) {
    const placement = await reader.placement(target);
    const byDestination = new Map<string, Set<string>>();
    for (const wp of placement.workPlacements) {
      const versions = byDestination.get(wp.destination) ?? new Set<string>();
      if (wp.versionID) versions.add(wp.versionID);
      byDestination.set(wp.destination, versions);
    }
    if (!byDestination.size) {
      logger.info(`Kratix placed no Work of the ${what} on any Destination`);
      return { applied: [], unconfirmed: [] };
    }
    const applied: string[] = [];
    const unconfirmed: string[] = [];
    for (const [destination, versions] of byDestination) {
      const health = await reader.health(target.platform, destination);
      if (!health.workers.length) {
        if (!reported.has(destination)) {
          logger.info(
            `Written to Destination ${destination}; no worker cluster of it is watched here, so whether it was applied is not known`,
          );
          reported.add(destination);
        }
        unconfirmed.push(destination);
        continue;
      }
      let all = true;
      for (const worker of health.workers) {
        const failing = worker.kustomizations.find(k => k.ready === 'False');
        if (failing) {
          const error = refusal(
            what,
            destination,
            worker.cluster,
            failing,
            target,
            see,
          );
          // Its own output refused: final. Another's: Flux may not have seen this one yet.
          if (error.name === 'WorkerApplyFailed') throw error;
          blocked = error;
          all = false;
          continue;
        }
        const confirmed = worker.kustomizations.some(
          k => k.ready === 'True' && versions.has(shaOf(k.revision) ?? ''),
        );
        if (!confirmed) all = false;
        else if (!reported.has(`${destination}/${worker.cluster}`)) {
          reported.add(`${destination}/${worker.cluster}`);
          logger.info(
            `Worker ${
              worker.cluster
            } (Destination ${destination}) applied the ${what} at revision ${
              [...versions][0]
            }`,
          );
        }
      }
      (all ? applied : unconfirmed).push(destination);
    }
    const waiting = unconfirmed.filter(d => !reported.has(d));
    if (
      !waiting.length ||
      Date.now() + pollMs > deadline ||
      options.signal?.aborted
    ) {
      if (blocked && waiting.length) throw blocked;
      return { applied, unconfirmed };
    }
    blocked = undefined;
    await new Promise(resolve => setTimeout(resolve, pollMs));
  }
}

const clip = (text: string, max = 300) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function refusal(
  what: string,
  destination: string,
  worker: string,
  kustomization: FluxObjectStatus,
  target: Target,
  see: string,
): Error {
  const mine = kustomization.implicatedRequests.find(
    r =>
      r.namespace === target.namespace &&
      r.promise === target.promise &&
      r.name === target.name,
  );
  const flux = `Kustomization ${kustomization.namespace}/${
    kustomization.name
  }: ${kustomization.reason ?? 'not Ready'}`;
  const who = `Worker ${worker} of Destination ${destination}`;
  let message: string;
  if (mine?.carries) {
    message = `${who} could not apply the ${what}: its output holds ${describeResourceId(
      mine.carries,
    )}, which another request's output there holds too, and kustomize refuses the second one (${flux}). Kratix's part succeeded.`;
  } else if (mine) {
    message = `${who} could not apply the ${what}: Flux refuses its output (${flux}: ${clip(
      kustomization.message ?? 'no message',
    )}).`;
  } else {
    message = `${who} has not applied the ${what}: Flux refuses another output in the same revision, so it applies nothing new (${flux}: ${clip(
      kustomization.message ?? 'no message',
    )}).`;
  }
  return taskError(
    `${message}${see}`,
    mine ? 'WorkerApplyFailed' : 'WorkerBlocked',
  );
}
