// The catalog benchmark's floor: a trivial entity provider that hands the catalog one
// minimal entity per resource request, read through the same platforms service (the same
// watch caches, the same LIST) and run by the same scheduler as the Kratix provider, in
// a replica set up exactly like the Kratix one. What the catalog needs for that many
// entities is what the engine itself costs; the Kratix provider's time is compared to it.
//
// The same trivial provider can hand over other shapes (BENCH_SHAPES), to measure what
// each part of our entities costs the catalog: the owner relation alone, our entities
// exactly as the Kratix module builds them (so the difference to ours is the provider's
// mechanics), and ours without a part.
import {
  coreServices,
  createBackendModule,
  type LoggerService,
  type SchedulerServiceTaskRunner,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  type EntityProvider,
  type EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  type KratixPlatform,
  kratixPlatformsServiceRef,
} from '@kratix-backstage/plugin-kratix-node';
import { KRATIX_REQUESTER_ANNOTATION } from '@kratix-backstage/plugin-kratix-common';
// The module's own entity builder, not part of its public API.
import { buildPlatformEntities } from '../../plugins/catalog-backend-module-kratix/src/buildPlatformEntities';

/** What the benchmark counts of a shape: the request entities' kind and spec.type. */
export interface ShapeCount {
  kind: string;
  type: string;
}

/** The floor's entities: what `requestsInCatalog` counts for it. */
export const FLOOR_COUNT: ShapeCount = { kind: 'Group', type: 'bench-floor' };
const OURS_COUNT: ShapeCount = { kind: 'Resource', type: 'kratix-resource' };

/**
 * The least an entity can be: a name and the two location annotations the catalog
 * requires of every entity (it refuses to process one without them). A Group with no
 * parent, children or members, because every other built-in kind requires an owner, and
 * an owner is a relation (two rows, and the owner marked for stitching).
 */
function floorEntity(location: string, index: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: FLOOR_COUNT.kind,
    metadata: {
      name: `floor-${index}`,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
    },
    spec: { type: FLOOR_COUNT.type, children: [] },
  };
}

type ShapeBuilder = (
  platform: KratixPlatform,
  logger: LoggerService,
) => Promise<Entity[]>;

/** Every request of the platform, with its Promise's name. */
async function requestsOf(platform: KratixPlatform) {
  const source = platform.kratix;
  const promises = await source.listPromises();
  const lists = await Promise.all(
    promises.map(async p => ({
      promise: p.metadata.name,
      requests: await source.listRequests(p),
    })),
  );
  return lists.flatMap(l =>
    l.requests.map(r => ({ promise: l.promise, request: r })),
  );
}

/** Our entities exactly as the Kratix module builds them (Promises, Templates, Destinations too). */
async function ours(platform: KratixPlatform, logger: LoggerService) {
  const { entities } = await buildPlatformEntities(
    {
      platform: {
        name: platform.name,
        title: platform.title,
        demo: platform.demo,
      },
      defaultOwner: 'group:default/platform-team',
    },
    platform.kratix,
    logger,
  );
  return entities;
}

/** Our request entities changed by `change`; the other entities as they are. */
const oursWith =
  (change: (request: Entity) => void): ShapeBuilder =>
  async (platform, logger) => {
    const entities = await ours(platform, logger);
    for (const e of entities) {
      if (e.kind === 'Resource' && e.spec?.type === 'kratix-resource')
        change(e);
    }
    return entities;
  };

/**
 * Our request entities with what the previous release also wrote on them, the tags
 * `kratix` and `kratix-resource` too (the values
 * of the benchmark's requests: group bench.kratix.io, version v1, kind Bench<i> of
 * Promise bench-<i>, status as a request Kratix has not reconciled yet).
 */
const oursBefore = (dependsOn: boolean) =>
  oursWith(e => {
    const a = e.metadata.annotations!;
    const platform = a['kratix.io/platform'];
    const promise = a['kratix.io/promise-name'];
    Object.assign(a, {
      'kratix.io/group': 'bench.kratix.io',
      'kratix.io/version': 'v1',
      'kratix.io/kind': `Bench${promise.replace(/^bench-/, '')}`,
      'kratix.io/backstage-promise-template': `kratix-${platform}-${promise}`,
      'kratix.io/status': JSON.stringify({ reconciled: 'Unknown' }),
    });
    e.metadata.tags = ['kratix', 'kratix-resource', ...(e.metadata.tags ?? [])];
    if (dependsOn) {
      e.spec!.dependsOn = [`component:default/${platform}-${promise}`];
    }
  });

/** The shapes a trivial provider can hand over, and what the benchmark counts of each. */
export const SHAPES: Record<
  string,
  { count: ShapeCount; build: ShapeBuilder }
> = {
  /** The floor: one minimal entity per request, no relations. */
  floor: {
    count: FLOOR_COUNT,
    build: async platform =>
      (await requestsOf(platform)).map((_, i) =>
        floorEntity(`bench-floor:platform/${platform.name}`, i),
      ),
  },
  /** The floor's entity as a Resource owned by the request's requester: one relation. */
  owned: {
    count: { kind: 'Resource', type: 'bench-owned' },
    build: async platform =>
      (await requestsOf(platform)).map(({ request }, i) => {
        const location = `bench-floor:platform/${platform.name}`;
        return {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: `owned-${i}`,
            annotations: {
              [ANNOTATION_LOCATION]: location,
              [ANNOTATION_ORIGIN_LOCATION]: location,
            },
          },
          spec: {
            type: 'bench-owned',
            owner:
              request.metadata.annotations?.[KRATIX_REQUESTER_ANNOTATION] ??
              'group:default/platform-team',
          },
        };
      }),
  },
  /** Our entities, built by the module, applied in one full mutation by the trivial provider. */
  ours: { count: OURS_COUNT, build: ours },
  /**
   * Our request entities as they were before the floor was measured (the previous
   * release): also `dependsOn` their Promise, the annotations `kratix.io/group`,
   * `version`, `kind`, `status` and `backstage-promise-template`, and two tags.
   */
  before: { count: OURS_COUNT, build: oursBefore(true) },
  /** `before` without `dependsOn`: what the relation to the Promise cost. */
  'before-no-dependson': { count: OURS_COUNT, build: oursBefore(false) },
};

class FloorProvider implements EntityProvider {
  constructor(
    private readonly platform: KratixPlatform,
    private readonly logger: LoggerService,
    private readonly runner: SchedulerServiceTaskRunner,
    private readonly shape: string,
  ) {}

  getProviderName() {
    return `bench-floor:${this.platform.name}`;
  }

  async connect(connection: EntityProviderConnection) {
    await this.runner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.sync(connection),
    });
  }

  /** One full mutation of the shape's entities. */
  private async sync(connection: EntityProviderConnection) {
    const started = Date.now();
    const entities = await SHAPES[this.shape].build(this.platform, this.logger);
    await connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    // The Kratix provider's summary line, so the parent reads both alike.
    this.logger.info(
      `Synced ${entities.length} entities from Kratix platform ${
        this.platform.name
      } in ${Date.now() - started} ms (shape ${this.shape})`,
    );
  }
}

/**
 * The trivial provider as a catalog module: its task has the Kratix provider's schedule
 * and scope.
 */
export function floorModule(
  schedule: SchedulerServiceTaskScheduleDefinition,
  shape = 'floor',
) {
  if (!SHAPES[shape]) {
    throw new Error(
      `Unknown shape "${shape}": one of ${Object.keys(SHAPES).join(', ')}`,
    );
  }
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-floor',
    register(env) {
      env.registerInit({
        deps: {
          catalog: catalogProcessingExtensionPoint,
          logger: coreServices.logger,
          scheduler: coreServices.scheduler,
          platforms: kratixPlatformsServiceRef,
        },
        async init({ catalog, logger, scheduler, platforms }) {
          const runner = scheduler.createScheduledTaskRunner({
            ...schedule,
            scope: 'global',
          });
          catalog.addEntityProvider(
            platforms
              .list()
              .map(
                platform => new FloorProvider(platform, logger, runner, shape),
              ),
          );
        },
      });
    },
  });
}
