import type { Entity } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type KubeObject,
  pipelineNamespace,
  readPromiseApi,
  type WorkerJudgment,
} from '@kratix-backstage/plugin-kratix-node';
import type { KratixClusterSource } from '@kratix-backstage/plugin-kratix-node';
import type { KratixEntityContext } from './entityContext';
import { toDestinationEntity } from './toDestinationEntity';
import { toPromiseEntity } from './toPromiseEntity';
import { toRequestEntity } from './toRequestEntity';
import { toTemplateEntity } from './toTemplateEntity';

/**
 * The Promise's Component and Template (when it has an API). Throws for a malformed
 * Promise.
 */
export function promiseEntities(
  ctx: KratixEntityContext,
  promise: KubeObject,
): Entity[] {
  const entity = toPromiseEntity(ctx, promise);
  const template = toTemplateEntity(ctx, promise);
  return template ? [entity, template] : [entity];
}

/** The cache kinds a full sync reads (`<plural>.<group>`), to check their freshness. */
export function syncedKinds(
  promises: KubeObject[],
  /** Whether the requests of a Promise are read (they are not when kept out of the catalog). */
  requestsOf: (promise: KubeObject) => boolean = () => true,
): Set<string> {
  const kinds = new Set([
    'promises.platform.kratix.io',
    'destinations.platform.kratix.io',
  ]);
  for (const promise of promises) {
    if (!requestsOf(promise)) continue;
    try {
      const api = readPromiseApi(promise);
      if (api) kinds.add(`${api.plural}.${api.group}`);
    } catch {
      // malformed: skipped by the sync
    }
  }
  return kinds;
}

/**
 * Every entity of one platform, read from its (cached) cluster source. Throws when the
 * cluster cannot be read; skips a malformed Promise or request with a warning.
 */
export async function buildPlatformEntities(
  ctx: KratixEntityContext,
  source: KratixClusterSource,
  logger: LoggerService,
  /** The platform's worker judgment (`loadWorkerJudgment`), when it has watched workers. */
  workerJudgment?: WorkerJudgment,
): Promise<{ entities: Entity[]; promises: KubeObject[]; skipped: number }> {
  const [promises, destinations] = await Promise.all([
    source.listPromises(),
    source.listDestinations(),
  ]);
  const entities: Entity[] = [];
  let skipped = 0;
  const requestLists = await Promise.all(
    promises.map(async promise => {
      try {
        entities.push(...promiseEntities(ctx, promise));
      } catch (error) {
        skipped += 1;
        logger.warn(
          `Skipping malformed Promise ${promise.metadata?.name}: ${error}`,
        );
        return undefined;
      }
      // Requests kept out of the catalog are not even read.
      if (ctx.requestsInCatalog?.(promise) === false) return undefined;
      return {
        promise: promise.metadata.name,
        object: promise,
        requests: await source.listRequests(promise),
      };
    }),
  );
  for (const list of requestLists) {
    if (!list) continue;
    for (const request of list.requests) {
      try {
        entities.push(
          toRequestEntity(
            ctx,
            list.promise,
            request,
            workerJudgment?.of(
              list.promise,
              pipelineNamespace(list.object, request),
              request.metadata.name,
            ),
          ),
        );
      } catch (error) {
        skipped += 1;
        logger.warn(`Skipping request: ${error}`);
      }
    }
  }
  for (const destination of destinations) {
    try {
      entities.push(toDestinationEntity(ctx, destination));
    } catch (error) {
      skipped += 1;
      logger.warn(`Skipping malformed Destination: ${error}`);
    }
  }
  return { entities, promises, skipped };
}
