import type { KratixCaller } from '../access/types';
import {
  type KratixAccessChecks,
  unrestrictedKratixAccess,
} from '../access/KratixAccess';
import { ConflictError, InputError } from '@backstage/errors';
import {
  KRATIX_OWNER_ANNOTATION,
  KRATIX_REQUESTER_ANNOTATION,
  kratixCreatePermission,
  requestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KratixWriteOptions,
  type KubeObject,
  normalizeEntityRef,
  readPromiseApi,
} from '@kratix-backstage/plugin-kratix-node';
import { toKratixClusterError } from '../cluster/errors';
import {
  type KratixWriteIdentity,
  serviceOnlyWriteIdentity,
} from '../identity/KratixWriteIdentity';
import { forbiddenWrite } from '../identity/writeOnPlatform';
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
  /**
   * Who owns the request, an entity ref (`group:default/team-a`; a group when no kind is
   * given). Recorded as `backstage.io/kratix-owner`; default: the requester (on an
   * update: the owner it had).
   */
  owner?: string;
  dryRun?: boolean;
  updateExisting?: boolean;
}

const ENTITY_REF =
  /^(?:[a-z0-9][a-z0-9._-]*:)?(?:[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/i;

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
  /** Who owns it (an entity ref). */
  owner: string;
  /** The name of the catalog entity the request will have. */
  entityName: string;
  object: KubeObject;
}

/**
 * Creates resource requests: resolves the kind from the Promise, checks the caller's
 * permission on the object about to be created (and, on an update, on the request it
 * replaces), checks the spec against the Promise's schema before anything reaches the
 * cluster, and records the requester and owner on the object.
 *
 * @public
 */
export class RequestCreationService {
  constructor(
    private readonly platforms: KratixPlatforms,
    private readonly access: KratixAccessChecks = unrestrictedKratixAccess,
    /** Who writes reach each platform as (the caller, on platforms that write as the user). */
    private readonly identity: KratixWriteIdentity = serviceOnlyWriteIdentity,
  ) {}

  async create(
    input: NewResourceRequest,
    caller: KratixCaller,
  ): Promise<CreatedResourceRequest> {
    if (input.owner !== undefined && !ENTITY_REF.test(input.owner)) {
      throw new InputError(
        `owner must be an entity ref such as group:default/team-a, not '${input.owner}'`,
      );
    }
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
    const existing = await onPlatform(platform, () =>
      platform.kratix.getRequest(promise, input.namespace, input.name),
    );
    // An update keeps who asked for the request and who owns it.
    const kept = existing?.metadata.annotations ?? {};
    const requester = kept[KRATIX_REQUESTER_ANNOTATION] ?? caller.actor;
    const owner = input.owner
      ? normalizeEntityRef(input.owner, 'group')
      : kept[KRATIX_OWNER_ANNOTATION] ?? requester;

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
          [KRATIX_OWNER_ANNOTATION]: owner,
        },
      },
      spec: input.spec,
    };
    const resource = {
      platform: platform.name,
      promise: input.promise,
      namespace: input.namespace,
      name: input.name,
    };
    // Checked on what would be written, so a policy can limit namespaces or owners.
    await this.access.authorizeRequest(
      caller.credentials,
      kratixCreatePermission,
      { ...resource, object },
    );
    if (existing && input.updateExisting) {
      await this.access.authorizeRequest(
        caller.credentials,
        kratixCreatePermission,
        { ...resource, object: existing },
      );
    }
    this.validate(api.schema, input);
    const what = `${api.kind} '${input.namespace}/${input.name}' on platform '${platform.name}'`;
    if (!input.updateExisting) {
      if (existing) {
        throw new ConflictError(
          `${what} already exists; ask to update it (updateExisting) or choose another name`,
        );
      }
    }
    const as = await this.identity.writeOptions(platform, caller);
    const action = `${input.updateExisting ? 'update' : 'create'} ${
      api.kind
    } '${input.namespace}/${input.name}'${input.dryRun ? ' (dry run)' : ''}`;
    const stored = await this.send(platform.name, what, action, as, () =>
      platform.kratix.createRequest(promise, object, {
        dryRun: input.dryRun,
        updateExisting: input.updateExisting,
        ...as,
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
      owner,
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
    action: string,
    as: KratixWriteOptions,
    write: () => Promise<T>,
  ): Promise<T> {
    const target = this.platforms.get(platform)!;
    try {
      return await write();
    } catch (error) {
      const forbidden = forbiddenWrite(target, action, as, error);
      if (forbidden) throw forbidden;
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
