import { ConflictError, InputError } from '@backstage/errors';
import {
  KRATIX_OWNER_ANNOTATION,
  KRATIX_REQUESTER_ANNOTATION,
  kratixCreatePermission,
  type PromiseDetail,
  requestEntityName,
  type ResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KratixRequestResource,
  normalizeEntityRef,
} from '@kratix-backstage/plugin-kratix-node';
import type { z as zod } from 'zod/v3';
import { requestResourceOf } from '../access/KratixAccess';
import { callerOf, type KratixCaller } from '../access/types';
import { asAgent } from './agentErrors';
import {
  describeFieldErrors,
  type FieldError,
  fieldErrorsOf,
  nameErrors,
  specErrors,
} from './fieldErrors';
import { withDefaults } from './openApiToJsonSchema';
import { differingPaths } from './sameJson';
import type { KratixActionsOptions } from './types';

/** The input that names a new request, as validate and create take it. */
interface NewRequestInput {
  platform: string;
  promise: string;
  name: string;
  namespace: string;
  spec: Record<string, unknown>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: string;
}

const NEW_REQUEST_HINTS = {
  notFound:
    'Call kratix.list-promises for the platforms and Promises there are.',
  notAllowed:
    'Creating requests needs the permission kratix.resource.create on this request (a policy may allow it in some namespaces or for some Promises only).',
};

const CONFLICT_HINT =
  'Choose another name for a new request, or read the existing one with kratix.get-request-status.';

function specSchemaOf(detail: PromiseDetail): unknown {
  return (detail.apiSchema as { properties?: { spec?: unknown } } | undefined)
    ?.properties?.spec;
}

/** The request object about to be created, as permission rules see it. */
function newRequestResource(
  input: NewRequestInput,
  detail: PromiseDetail,
  caller: KratixCaller,
): KratixRequestResource {
  return {
    platform: input.platform,
    promise: input.promise,
    namespace: input.namespace,
    name: input.name,
    object: {
      apiVersion: detail.api?.apiVersion ?? '',
      kind: detail.api?.kind ?? '',
      metadata: {
        name: input.name,
        namespace: input.namespace,
        annotations: {
          ...input.annotations,
          [KRATIX_REQUESTER_ANNOTATION]: caller.actor,
          [KRATIX_OWNER_ANNOTATION]: input.owner
            ? normalizeEntityRef(input.owner, 'group')
            : caller.actor,
        },
        ...(input.labels ? { labels: input.labels } : {}),
      },
      spec: input.spec,
    },
  };
}

/** What an existing request of that name means for a new one. */
interface Existing {
  request: ResourceRequest;
  /** The spec paths where it differs from the input with the schema's defaults applied. */
  differences: string[];
  requesterDiffers: boolean;
  /** An owner asked for that is not the request's. */
  ownerDiffers: boolean;
}

/**
 * Request actions that take a new request: `validate-request` (a dry run with field-level
 * errors) and `create-request` (as the calling user, idempotent on retry).
 */
export function registerNewRequestActions(options: KratixActionsOptions) {
  const { actionsRegistry, services, access, auditor, logger } = options;

  const newRequestInput = (z: typeof zod) =>
    z.object({
      platform: z.string().describe('The Kratix platform (by name).'),
      promise: z.string().describe('The Promise to request.'),
      name: z
        .string()
        .describe(
          'The name of the request: a DNS-1123 subdomain (lower-case letters, digits, "-" and ".").',
        ),
      namespace: z
        .string()
        .default('default')
        .describe(
          'The Kubernetes namespace of the request (default: default).',
        ),
      spec: z
        .record(z.unknown())
        .default({})
        .describe(
          "The request's spec, as kratix.describe-promise-api's specSchema says.",
        ),
      labels: z
        .record(z.string())
        .optional()
        .describe('Kubernetes labels to put on the request.'),
      annotations: z
        .record(z.string())
        .optional()
        .describe('Kubernetes annotations to put on the request.'),
      owner: z
        .string()
        .optional()
        .describe(
          'Who owns the request, an entity ref such as group:default/team-a (default: you).',
        ),
    });

  /** The Promise of a new request; an InputError when it takes no requests. */
  async function promiseOf(input: NewRequestInput) {
    const detail = await services.promises.get(input.platform, input.promise);
    if (!detail.api) {
      throw new InputError(
        `Promise '${detail.name}' on platform '${detail.platform}' has no API: it installs dependencies only and takes no requests`,
      );
    }
    return detail;
  }

  /** The request of that name, if there is one the caller can see, compared with the input. */
  async function existing(
    input: NewRequestInput,
    detail: PromiseDetail,
    caller: KratixCaller,
  ): Promise<Existing | undefined> {
    let request: ResourceRequest;
    try {
      request = await services.requests.get(
        input.platform,
        input.namespace,
        input.promise,
        input.name,
        caller.credentials,
      );
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return undefined;
      throw error;
    }
    const wanted = withDefaults(specSchemaOf(detail), input.spec) ?? {};
    return {
      request,
      differences: differingPaths(request.spec, wanted, 'spec'),
      requesterDiffers:
        request.requester !== undefined && request.requester !== caller.actor,
      ownerDiffers:
        input.owner !== undefined &&
        normalizeEntityRef(input.owner, 'group') !==
          (request.owner ?? request.requester),
    };
  }

  const sameRequest = (found: Existing) =>
    !found.differences.length && !found.requesterDiffers && !found.ownerDiffers;

  /** Why an existing request is not the one asked for (a sentence, without a next step). */
  function conflictOf(input: NewRequestInput, found: Existing): string {
    const what = `${input.promise} request '${input.namespace}/${input.name}' on platform '${input.platform}'`;
    if (found.differences.length) {
      return `${what} already exists with a different spec (${found.differences
        .map(path => `${path} differs`)
        .join(', ')})`;
    }
    if (found.ownerDiffers) {
      return `${what} already exists, owned by ${
        found.request.owner ?? found.request.requester
      }, not by ${input.owner}`;
    }
    return `${what} already exists, requested by ${found.request.requester}, not by you`;
  }

  const auditMeta = (
    operation: string,
    input: NewRequestInput,
    caller: KratixCaller,
  ) => ({
    operation,
    via: 'action',
    actor: caller.actor,
    platform: input.platform,
    promise: input.promise,
    namespace: input.namespace,
    name: input.name,
  });

  actionsRegistry.register({
    name: 'validate-request',
    title: 'Validate a Kratix request (dry run)',
    description: `Checks a request of a Kratix Promise without creating it: the name and namespace, the spec against the Promise's API schema, then a dry run on the platform's API server (admission and validation run, nothing is stored).
Answers valid: true, or the errors field by field (which field, what is wrong), and whether a request of that name already exists (kratix.create-request answers an existing one with the same spec instead of creating it again, and refuses one with another spec).
Needs the permission to create the request (kratix.resource.create).`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: newRequestInput,
      output: z =>
        z.object({
          valid: z.boolean(),
          errors: z
            .array(
              z.object({
                field: z
                  .string()
                  .optional()
                  .describe('name, namespace, or a spec path like spec.size'),
                problem: z.string(),
              }),
            )
            .describe('Every field that is wrong; empty when valid.'),
          existing: z
            .object({
              sameSpec: z.boolean(),
              differences: z.array(z.string()),
              requester: z.string().optional(),
              owner: z.string().optional(),
              state: z.string(),
              createWouldConflict: z.boolean(),
            })
            .optional()
            .describe('A request of that name that already exists.'),
          dryRun: z
            .enum(['server', 'skipped'])
            .describe(
              "server: the API server's dry run ran (passed, or gave the errors); skipped: not run, as the name is not valid.",
            ),
          object: z
            .record(z.unknown())
            .optional()
            .describe(
              'The request as the API server would store it (defaults applied).',
            ),
          message: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = callerOf(credentials);
      return asAgent(caller.actor, NEW_REQUEST_HINTS, async () => {
        const detail = await promiseOf(input);
        const invalidName = nameErrors(input);
        if (invalidName.length) {
          // As the REST API, which refuses a malformed name before anything else.
          return {
            output: {
              valid: false,
              errors: invalidName,
              dryRun: 'skipped' as const,
              message: `Not valid: ${describeFieldErrors(invalidName)}`,
            },
          };
        }
        const found = await existing(input, detail, caller);
        const meta = { ...auditMeta('validate', input, caller), dryRun: true };
        const event = await auditor.createEvent({
          eventId: 'request-create',
          severityLevel: 'low',
          meta,
        });
        let result;
        try {
          // The creation service checks the permission (on the request as it would be
          // written, and on the existing one), the schema, then the API server's dry run.
          result = await services.creation.create(
            { ...input, dryRun: true, updateExisting: Boolean(found) },
            caller,
          );
          await event.success({ meta });
        } catch (error) {
          await event.fail({ error: error as Error, meta });
          const kind = (error as Error).name;
          if (kind !== 'InputError' && kind !== 'ConflictError') throw error;
          let errors: FieldError[];
          if (kind === 'ConflictError') {
            // Exists, but not among the requests the caller can read.
            errors = [
              {
                field: 'name',
                problem: `a request of that name already exists: ${
                  (error as Error).message
                }`,
              },
            ];
          } else {
            const fromSchema = specErrors(detail.apiSchema, input.spec);
            errors = fromSchema.length
              ? fromSchema
              : fieldErrorsOf((error as Error).message);
          }
          return {
            output: {
              valid: false,
              errors,
              dryRun: 'server' as const,
              message: `Not valid: ${describeFieldErrors(errors)}`,
            },
          };
        }
        const object = result.object as Record<string, unknown>;
        if (!found) {
          return {
            output: {
              valid: true,
              errors: [],
              dryRun: 'server' as const,
              object,
              message:
                "Valid: the API server's dry run accepted it. Create it with kratix.create-request and the same input.",
            },
          };
        }
        const same = sameRequest(found);
        return {
          output: {
            valid: true,
            errors: [],
            existing: {
              sameSpec: !found.differences.length,
              differences: found.differences,
              ...(found.request.requester
                ? { requester: found.request.requester }
                : {}),
              ...(found.request.owner ? { owner: found.request.owner } : {}),
              state: found.request.state,
              createWouldConflict: !same,
            },
            dryRun: 'server' as const,
            object,
            message: same
              ? 'Valid. A request of that name with this spec already exists: kratix.create-request answers it instead of creating another.'
              : `The input is valid, but kratix.create-request would refuse it: ${conflictOf(
                  input,
                  found,
                )}. ${CONFLICT_HINT}`,
          },
        };
      });
    },
  });

  actionsRegistry.register({
    name: 'create-request',
    title: 'Create a Kratix request',
    description: `Creates a request of a Kratix Promise as you (the signed-in Backstage user, recorded as its requester); Kratix then runs the Promise's pipelines for it.
Idempotent: calling it again with the same name and spec answers the existing request (created: false) instead of failing; the same name with a different spec is a conflict that names the differing fields.
Check the input with kratix.validate-request first; follow the request with kratix.get-request-status. Needs the permission kratix.resource.create.`,
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: {
      input: newRequestInput,
      output: z =>
        z.object({
          created: z
            .boolean()
            .describe('False when an identical request already existed.'),
          platform: z.string(),
          promise: z.string(),
          namespace: z.string(),
          name: z.string(),
          kind: z.string(),
          apiVersion: z.string(),
          uid: z.string().optional(),
          requester: z.string().optional(),
          owner: z.string().optional(),
          entityName: z
            .string()
            .describe('The name of its catalog entity (kind Resource).'),
          state: z.string().optional(),
          message: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = callerOf(credentials);
      return asAgent(
        caller.actor,
        {
          ...NEW_REQUEST_HINTS,
          conflict: CONFLICT_HINT,
        },
        async () => {
          const invalidName = nameErrors(input);
          if (invalidName.length) {
            throw new InputError(
              `The request's name or namespace is not valid: ${describeFieldErrors(
                invalidName,
              )}`,
            );
          }
          const detail = await promiseOf(input);

          /** An existing request: the same one answers, another is a conflict. */
          const answerExisting = async (found: Existing) => {
            // The permission a create needs, on what there is.
            await access.authorizeRequest(
              credentials,
              kratixCreatePermission,
              newRequestResource(input, detail, caller),
            );
            await access.authorizeRequest(
              credentials,
              kratixCreatePermission,
              requestResourceOf(found.request),
            );
            if (!sameRequest(found))
              throw new ConflictError(conflictOf(input, found));
            const r = found.request;
            return {
              output: {
                created: false,
                platform: r.platform,
                promise: r.promise,
                namespace: r.namespace,
                name: r.name,
                kind: r.kind,
                apiVersion: r.apiVersion,
                ...(r.uid ? { uid: r.uid } : {}),
                ...(r.requester ? { requester: r.requester } : {}),
                ...(r.owner ? { owner: r.owner } : {}),
                entityName: requestEntityName(
                  r.platform,
                  r.namespace,
                  r.promise,
                  r.name,
                ),
                state: r.state,
                message: `It already existed with this spec (state ${r.state}); nothing was created. Follow it with kratix.get-request-status.`,
              },
            };
          };
          const before = await existing(input, detail, caller);
          if (before) return answerExisting(before);

          const meta = {
            ...auditMeta('create', input, caller),
            dryRun: false,
            updateExisting: false,
          };
          const event = await auditor.createEvent({
            eventId: 'request-create',
            severityLevel: 'medium',
            meta,
          });
          try {
            // The creation service checks the permission, then the spec against the
            // Promise's schema (field by field), then writes it as the caller.
            const created = await services.creation.create(
              { ...input, dryRun: false, updateExisting: false },
              caller,
            );
            await event.success({ meta });
            logger.info(
              `Kratix request created by ${caller.actor} (action)`,
              meta,
            );
            return {
              output: {
                created: true,
                platform: created.platform,
                promise: created.promise,
                namespace: created.namespace,
                name: created.name,
                kind: created.kind,
                apiVersion: created.apiVersion,
                ...(created.uid ? { uid: created.uid } : {}),
                requester: created.requester,
                owner: created.owner,
                entityName: created.entityName,
                message: `Created. Kratix now runs the Promise's pipelines for it: follow it with kratix.get-request-status.`,
              },
            };
          } catch (error) {
            await event.fail({ error: error as Error, meta });
            // A retry that raced the first attempt: the first one created it.
            if ((error as Error).name === 'ConflictError') {
              const after = await existing(input, detail, caller);
              if (after) return answerExisting(after);
            }
            throw error;
          }
        },
      );
    },
  });
}
