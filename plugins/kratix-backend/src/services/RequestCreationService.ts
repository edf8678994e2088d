import type { KratixCaller } from '../access/types';
import { ConflictError, InputError } from '@backstage/errors';
import {
  KRATIX_REQUESTER_ANNOTATION,
  requestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KubeObject,
  readPromiseApi,
} from '@kratix-backstage/plugin-kratix-node';
import { toKratixClusterError } from '../cluster/errors';
import type { KratixPlatforms } from '@kratix-backstage/plugin-kratix-node';
import { onPlatform, requirePlatform } from './platformAccess';
import { findPromise } from './PromiseService';
import {
  type OpenApiSchema,
  validateOpenApiSchema,
} from './schema/validateOpenApiSchema';

/**
 * What a new resource request holds.
 *
 * @public
 */
export interface NewResourceRequest {
  platform: string;
  promise: string;
  name: string;
  namespace: string;
  spec: Record<string, unknown>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  dryRun?: boolean;
  updateExisting?: boolean;
}

/**
 * A request that was created (or, in a dry run, would be).
 *
 * @public
 */
export interface CreatedResourceRequest {
  platform: string;
  promise: string;
  name: string;
  namespace: string;
  apiVersion: string;
  kind: string;
  uid?: string;
  dryRun: boolean;
  /** True when an existing request was updated. */
  updated: boolean;
  requester: string;
  /** The name of the catalog entity the request will have. */
  entityName: string;
  object: KubeObject;
}

/**
 * Creates resource requests: resolves the kind from the Promise, checks the spec
 * against the Promise's schema before anything reaches the cluster, and records the
 * requester on the object.
 *
 * @public
 */
export class RequestCreationService {
  constructor(private readonly platforms: KratixPlatforms) {}

  async create(
    input: NewResourceRequest,
    caller: KratixCaller,
  ): Promise<CreatedResourceRequest> {
    const requester = caller.actor;
    const platform = requirePlatform(this.platforms, input.platform);
    const promise = await findPromise(platform, input.promise);
    let api: ReturnType<typeof readPromiseApi>;
    try {
      api = readPromiseApi(promise);
    } catch (error) {
      throw new InputError(
        `Promise '${input.promise}' has an invalid API: ${
          (error as Error).message
        }`,
      );
    }
    if (!api) {
      throw new InputError(
        `Promise '${input.promise}' on platform '${platform.name}' has no API: it takes no requests`,
      );
    }
    this.validate(api.schema, input);

    const apiVersion = `${api.group}/${api.version}`;
    const object: KubeObject = {
      apiVersion,
      kind: api.kind,
      metadata: {
        name: input.name,
        namespace: input.namespace,
        ...(input.labels && Object.keys(input.labels).length
          ? { labels: input.labels }
          : {}),
        annotations: {
          ...input.annotations,
          [KRATIX_REQUESTER_ANNOTATION]: requester,
        },
      },
      spec: input.spec,
    };
    const what = `${api.kind} '${input.namespace}/${input.name}' on platform '${platform.name}'`;
    const existing = await onPlatform(platform, () =>
      platform.kratix.getRequest(promise, input.namespace, input.name),
    );
    if (!input.updateExisting) {
      if (existing) {
        throw new ConflictError(
          `${what} already exists; ask to update it (updateExisting) or choose another name`,
        );
      }
    }
    const stored = await this.send(platform.name, what, () =>
      platform.kratix.createRequest(promise, object, {
        dryRun: input.dryRun,
        updateExisting: input.updateExisting,
      }),
    );
    return {
      platform: platform.name,
      promise: input.promise,
      name: input.name,
      namespace: input.namespace,
      apiVersion,
      kind: api.kind,
      ...(stored.metadata.uid && !input.dryRun
        ? { uid: String(stored.metadata.uid) }
        : {}),
      dryRun: Boolean(input.dryRun),
      updated: Boolean(existing),
      requester,
      entityName: requestEntityName(
        platform.name,
        input.namespace,
        input.promise,
        input.name,
      ),
      object: stored,
    };
  }

  private validate(schema: unknown, input: NewResourceRequest) {
    const specSchema = (schema as OpenApiSchema | undefined)?.properties?.spec;
    if (!specSchema) return;
    const violations = validateOpenApiSchema(specSchema, input.spec, 'spec');
    if (violations.length) {
      throw new InputError(
        `The spec does not fit Promise '${input.promise}': ${violations
          .map(v => `${v.path}: ${v.message}`)
          .join('; ')}`,
      );
    }
  }

  private async send<T>(
    platform: string,
    what: string,
    write: () => Promise<T>,
  ): Promise<T> {
    const target = this.platforms.get(platform)!;
    try {
      return await write();
    } catch (error) {
      const typed = toKratixClusterError(error, target.kratix.cluster);
      if (typed.statusCode === 409) {
        throw new ConflictError(`${what} already exists`, typed);
      }
      if (typed.statusCode === 422 || typed.statusCode === 400) {
        throw new InputError(
          `The API server refused ${what}: ${typed.message}`,
          typed,
        );
      }
      return onPlatform(target, () => Promise.reject(error));
    }
  }
}
